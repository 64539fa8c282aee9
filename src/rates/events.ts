import { z } from 'zod';
import { RATE_PATTERN } from './model.ts';

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The exchange rates' events. Changing one is changing history: add a new event type instead. */
export const rateEvents = {
  RatesPublished: z.object({
    source: z.string(),
    rates: z.array(
      z.object({
        day: ZDay,
        base: z.string().length(3),
        quote: z.string().length(3),
        rate: z.string().regex(RATE_PATTERN),
      }),
    ),
  }),
} as const;

export type RatesPublished = z.infer<typeof rateEvents.RatesPublished>;
