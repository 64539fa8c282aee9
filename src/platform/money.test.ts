import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideRounded, formatMoney } from './money.ts';

describe('money', () => {
  it('rounds a quotient to the nearest integer, halves to even', () => {
    expect([5n, 15n, 25n, -5n, -15n, 7n, -7n].map((n) => divideRounded(n, 10n))).toEqual([
      0n,
      2n,
      2n,
      0n,
      -2n,
      1n,
      -1n,
    ]);
    fc.assert(
      fc.property(fc.bigInt(-(10n ** 30n), 10n ** 30n), fc.bigInt(1n, 10n ** 12n), (n, d) => {
        const q = divideRounded(n, d);
        // The error is at most half the divisor, and exactly half only towards an even quotient.
        const error = q * d - n;
        expect(2n * (error < 0n ? -error : error) <= d).toBe(true);
        if (2n * error === d || 2n * error === -d) expect(q % 2n).toBe(0n);
      }),
    );
  });

  it('formats minor units by the currency exponent, without a float', () => {
    expect(formatMoney({ minor: 240_000_000_000n, currency: 'EUR' })).toBe('EUR 2,400,000,000.00');
    expect(formatMoney({ minor: -5n, currency: 'EUR' })).toBe('EUR -0.05');
    expect(formatMoney({ minor: 1234n, currency: 'JPY' })).toBe('JPY 1,234');
    expect(formatMoney({ minor: 1234n, currency: 'KWD' })).toBe('KWD 1.234');
  });
});
