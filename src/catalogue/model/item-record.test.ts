import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Item, sameItem } from './catalogue.ts';
import { itemFromRecord, recordOfItem } from './item-record.ts';
import { formatNsn } from './nsn.ts';

const digits = (n: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((a) => a.join(''));
const word = fc.string({ minLength: 1, maxLength: 20 }).map((s) => s.replace(/[;\s]/g, 'x'));
const itemArb: fc.Arbitrary<Item> = fc
  .record({
    supplyClass: digits(4),
    ncb: digits(2),
    itemNumber: digits(7),
    name: word,
    family: word,
    standards: fc.array(word, { maxLength: 3 }),
    unitOfIssue: fc.constantFrom('EA', 'BX', 'RD'),
    price: fc.option(
      fc.record({
        minor: fc.bigInt({ min: 0n, max: 10n ** 15n }),
        currency: fc.constantFrom('EUR', 'USD', 'GBP'),
      }),
      { nil: null },
    ),
    restricted: fc.boolean(),
    verified: fc.boolean(),
    source: word,
  })
  .map((r) => ({
    nsn: formatNsn(r),
    supplyClass: r.supplyClass,
    ncb: r.ncb,
    name: r.name,
    family: r.family,
    standards: r.standards,
    unitOfIssue: r.unitOfIssue,
    referencePrice: r.price,
    restricted: r.restricted,
    verified: r.verified,
    source: r.source,
  }));

describe('item records', () => {
  it('read back what they were written from, through CSV cells or JSON values', () => {
    fc.assert(
      fc.property(itemArb, fc.boolean(), (item, asCsv) => {
        const record = recordOfItem(item);
        const cells = asCsv
          ? Object.fromEntries(
              Object.entries(record).map(([k, v]) => [
                k,
                Array.isArray(v) ? v.join(';') : String(v),
              ]),
            )
          : record;
        expect(itemFromRecord(2, cells)).toEqual(item);
      }),
    );
  });

  it('name every problem of a row: where, what, why', () => {
    expect(
      itemFromRecord(7, {
        nsn: '1320-12-345-678',
        name: '',
        family: '155mm projectile',
        reference_price_minor: '12.50',
        reference_currency: 'EUR',
        verified: 'perhaps',
        source: 'x',
      }),
    ).toEqual([
      {
        row: 7,
        column: 'nsn',
        value: '1320-12-345-678',
        reason: 'an NSN has 13 characters (4 + 2 + 3 + 4), this has 12',
      },
      { row: 7, column: 'name', value: '', reason: 'is required' },
      {
        row: 7,
        column: 'reference_price_minor',
        value: '12.50',
        reason: 'is a whole number of minor units (cents), not a decimal',
      },
      { row: 7, column: 'verified', value: 'perhaps', reason: 'is true or false' },
    ]);
  });
});

describe('sameItem', () => {
  it('holds for an item and its copy whatever the key order, and not after any one change', () => {
    fc.assert(
      fc.property(
        itemArb,
        fc.constantFrom('name', 'source', 'restricted', 'standards', 'referencePrice'),
        (item, field) => {
          const reordered = Object.fromEntries(Object.entries(item).reverse()) as unknown as Item;
          expect(sameItem(item, reordered)).toBe(true);
          const changed: Item =
            field === 'restricted'
              ? { ...item, restricted: !item.restricted }
              : field === 'standards'
                ? { ...item, standards: [...item.standards, 'extra'] }
                : field === 'referencePrice'
                  ? {
                      ...item,
                      referencePrice:
                        item.referencePrice === null ? { minor: 1n, currency: 'EUR' } : null,
                    }
                  : { ...item, [field]: `${item[field]}!` };
          expect(sameItem(item, changed)).toBe(false);
        },
      ),
    );
  });
});
