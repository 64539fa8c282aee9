import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNsn, isNsn, nsnPrefix, parseNsn } from './nsn.ts';

const digit = fc.constantFrom(...'0123456789');
const alnum = fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRSTUVWXYZ');
const chars = (arb: fc.Arbitrary<string>, n: number) =>
  fc.array(arb, { minLength: n, maxLength: n }).map((a) => a.join(''));
const nsnParts = fc.record({
  supplyClass: chars(digit, 4),
  ncb: chars(alnum, 2),
  itemNumber: chars(alnum, 7),
});

describe('NSN', () => {
  it('parses both written forms of a real 155 mm projectile class number to one canonical form', () => {
    const dashed = parseNsn('1320-12-345-6789');
    const compact = parseNsn('1320123456789');
    expect(dashed).toEqual(compact);
    expect(dashed).toEqual({
      canonical: '1320-12-345-6789',
      supplyClass: '1320',
      supplyGroup: '13',
      ncb: '12',
      itemNumber: '3456789',
      numeric: true,
    });
  });

  it('accepts letters in the NIIN and says so', () => {
    const local = parseNsn('1305-ll-123-4567');
    expect(isNsn(local) && local.canonical).toBe('1305-LL-123-4567');
    expect(isNsn(local) && local.numeric).toBe(false);
  });

  it('refuses with a reason', () => {
    expect(parseNsn('1320-12-345-678')).toEqual({
      reason: 'an NSN has 13 characters (4 + 2 + 3 + 4), this has 12',
    });
    expect(isNsn(parseNsn('13A0-12-345-6789'))).toBe(false);
    expect(isNsn(parseNsn('1320-12-3456-789'))).toBe(false);
  });

  it('dashes a typed beginning the canonical way', () => {
    expect(nsnPrefix('1320')).toBe('1320');
    expect(nsnPrefix('132012')).toBe('1320-12');
    expect(nsnPrefix(' 1320-12-34 ')).toBe('1320-12-34');
    expect(nsnPrefix('1320 12 345 67')).toBe('1320-12-345-67');
  });

  it('parse ∘ format is the identity on valid parts, in either written form', () => {
    fc.assert(
      fc.property(nsnParts, fc.boolean(), (parts, dashed) => {
        const text = formatNsn(parts);
        const parsed = parseNsn(dashed ? text : text.replaceAll('-', ''));
        expect(isNsn(parsed)).toBe(true);
        if (!isNsn(parsed)) return;
        expect({
          supplyClass: parsed.supplyClass,
          ncb: parsed.ncb,
          itemNumber: parsed.itemNumber,
        }).toEqual(parts);
        expect(formatNsn(parsed)).toBe(parsed.canonical);
        expect(parseNsn(parsed.canonical)).toEqual(parsed);
      }),
    );
  });
});
