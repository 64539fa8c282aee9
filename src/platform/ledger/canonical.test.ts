import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonValue } from './canonical.ts';
import { canonicalJson } from './canonical.ts';

describe('canonical JSON (RFC 8785)', () => {
  it('is what the reference implementation writes, for any JSON value', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 12 });
    const json = fc.letrec<{ value: JsonValue }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        text,
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(text, tie('value'), { maxKeys: 5 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalJson(value)).toBe(canonicalize(value));
      }),
      { numRuns: 500 },
    );
  });

  it('follows the RFC 8785 examples for key order and numbers', () => {
    expect(canonicalJson({ '\u20ac': 'Euro', '\r': 'CR', '1': 'One', '\u00c4': 'A-umlaut' })).toBe(
      '{"\\r":"CR","1":"One","Ä":"A-umlaut","€":"Euro"}',
    );
    expect(canonicalJson([1e21, 1e-7, -0, 333333333.3333333, 4.5])).toBe(
      '[1e+21,1e-7,0,333333333.3333333,4.5]',
    );
  });

  it('refuses what has no canonical form', () => {
    expect(() => canonicalJson('\ud800')).toThrow(/lone surrogate/);
    expect(() => canonicalJson(Number.NaN)).toThrow(/no JSON form/);
  });
});
