import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exponentOf } from '../platform/money.ts';
import { type Conversion, conversionBy, convert, reverse } from './model.ts';

const rate = fc
  .tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 9_999 }))
  .filter(([whole, fraction]) => whole + fraction > 0)
  .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(4, '0')}`);
const currency = fc.constantFrom('EUR', 'USD', 'GBP', 'NOK', 'JPY', 'KWD');

/** How many target minor units one source minor unit is worth under a conversion. */
function unitRatio(c: Conversion): number {
  const r = Number(c.rate);
  return (c.inverted ? 1 / r : r) * 10 ** (exponentOf(c.to) - exponentOf(c.from));
}

describe('exchange rates', () => {
  it('converts exactly, either way round, scaled by each currency’s minor unit', () => {
    const eurUsd = { day: '2023-09-27', base: 'EUR', quote: 'USD', rate: '1.0565' };
    expect(
      convert({ minor: 100_00n, currency: 'EUR' }, conversionBy(eurUsd, 'EUR', 'USD')),
    ).toEqual({ minor: 105_65n, currency: 'USD' });
    expect(
      convert({ minor: 105_65n, currency: 'USD' }, conversionBy(eurUsd, 'USD', 'EUR')),
    ).toEqual({ minor: 100_00n, currency: 'EUR' });
    const eurJpy = { day: '2023-09-27', base: 'EUR', quote: 'JPY', rate: '157.63' };
    expect(convert({ minor: 1_00n, currency: 'EUR' }, conversionBy(eurJpy, 'EUR', 'JPY'))).toEqual({
      minor: 158n,
      currency: 'JPY',
    });
  });

  it('round-trips within one minor unit when the way out is to a finer or equal unit', () => {
    fc.assert(
      fc.property(
        currency,
        currency,
        rate,
        fc.boolean(),
        fc.bigInt(0n, 10n ** 15n),
        (from, to, r, inverted, minor) => {
          fc.pre(from !== to);
          const out: Conversion = { from, to, rate: r, inverted, day: '2023-09-27' };
          fc.pre(unitRatio(out) >= 1);
          const there = convert({ minor, currency: from }, out);
          const back = convert(there, reverse(out));
          const drift = back.minor - minor;
          expect(drift >= -1n && drift <= 1n).toBe(true);
        },
      ),
    );
  });
});
