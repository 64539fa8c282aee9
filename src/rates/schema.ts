import { z } from 'zod';
import { RATE_PATTERN } from './model.ts';

const ZCurrency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');

/** One published rate: one unit of `base` buys `rate` units of `quote` on `day`. */
export const ZRate = z
  .object({
    day: z.iso.date(),
    base: ZCurrency,
    quote: ZCurrency,
    rate: z.string().regex(RATE_PATTERN, 'a positive decimal such as 1.0565'),
  })
  .refine((r) => r.base !== r.quote, { message: 'base and quote differ', path: ['quote'] })
  .meta({ id: 'ExchangeRate' });

export const ZRatesInput = z.object({
  source: z.string().trim().min(1).max(200),
  rates: z.array(ZRate).min(1).max(10_000),
});
