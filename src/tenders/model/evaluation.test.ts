import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identity } from '../../rates/model.ts';
import {
  awardees,
  type Candidate,
  evaluatedPrice,
  isCompliant,
  rank,
  weightsProblem,
} from './evaluation.ts';

const candidateArb = (index: number): fc.Arbitrary<Candidate> =>
  fc.record({
    bid: fc.constant(`bid-${index.toString().padStart(3, '0')}`),
    supplier: fc.constant(`S${index}`),
    compliant: fc.boolean(),
    // A narrow range of prices and instants, so that ties happen often.
    price: fc.bigInt({ min: 1n, max: 5n }).map((p) => p * 1_000_000n),
    monthlyCapacity: fc.bigInt({ min: 0n, max: 10_000n }),
    leadTimeDays: fc.integer({ min: 0, max: 365 }),
    finalSubmittedAt: fc
      .integer({ min: 0, max: 3 })
      .map((m) => new Date(Date.UTC(2024, 2, 1, 10, m)).toISOString()),
  });

const lotArb = fc
  .integer({ min: 0, max: 12 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => candidateArb(i))));

describe('LPTC ranking, as properties', () => {
  it('the winner of a lot is a cheapest compliant bid', () => {
    fc.assert(
      fc.property(lotArb, (bids) => {
        const [winner] = rank(bids, { kind: 'lptc' });
        const compliant = bids.filter((b) => b.compliant);
        const cheapest = compliant.reduce<bigint | undefined>(
          (m, b) => (m === undefined || b.price < m ? b.price : m),
          undefined,
        );
        expect(winner?.price).toBe(cheapest);
      }),
    );
  });

  it('a non-compliant bid never wins and is never ranked', () => {
    fc.assert(
      fc.property(lotArb, fc.integer({ min: 1, max: 5 }), (bids, awards) => {
        const ranked = rank(bids, { kind: 'lptc' });
        const rejected = new Set(bids.filter((b) => !b.compliant).map((b) => b.bid));
        expect(ranked.some((r) => rejected.has(r.bid))).toBe(false);
        expect(awardees(ranked, awards).some((r) => rejected.has(r.bid))).toBe(false);
        expect(ranked).toHaveLength(bids.length - rejected.size);
      }),
    );
  });

  it('ties at the same price go to the earliest final submission, then the lower bid id', () => {
    fc.assert(
      fc.property(lotArb, (bids) => {
        const byId = new Map(bids.map((b) => [b.bid, b]));
        const ranked = rank(bids, { kind: 'lptc' });
        const ordered = ranked.map((r) => byId.get(r.bid) as Candidate);
        for (const [i, after] of ordered.entries()) {
          const before = ordered[i - 1];
          if (before === undefined) continue;
          expect(before.price <= after.price).toBe(true);
          if (before.price === after.price) {
            const t = Date.parse(before.finalSubmittedAt) - Date.parse(after.finalSubmittedAt);
            expect(t < 0 || (t === 0 && before.bid < after.bid)).toBe(true);
          }
        }
        expect(ranked.map((r) => r.rank)).toEqual(ranked.map((_, i) => i + 1));
      }),
    );
  });

  it('the ranking does not depend on the order bids are listed in', () => {
    fc.assert(
      fc.property(lotArb, fc.infiniteStream(fc.nat()), (bids, seeds) => {
        const shuffled = [...bids].sort(() => (seeds.next().value % 3) - 1);
        expect(rank(shuffled, { kind: 'lptc' })).toEqual(rank(bids, { kind: 'lptc' }));
      }),
    );
  });
});

describe('best value', () => {
  const base = {
    compliant: true,
    finalSubmittedAt: '2024-03-01T10:00:00.000Z',
  };
  const cheapSlow: Candidate = {
    ...base,
    bid: 'a',
    supplier: 'S1',
    price: 100n,
    monthlyCapacity: 1000n,
    leadTimeDays: 300,
  };
  const dearQuick: Candidate = {
    ...base,
    bid: 'b',
    supplier: 'S2',
    price: 110n,
    monthlyCapacity: 1000n,
    leadTimeDays: 30,
  };

  it('all weight on price ranks as LPTC does', () => {
    fc.assert(
      fc.property(lotArb, (bids) => {
        const byPrice = rank(bids, {
          kind: 'best-value',
          weights: { price: 100, capacity: 0, leadTime: 0 },
        });
        expect(byPrice.map((r) => r.price)).toEqual(
          rank(bids, { kind: 'lptc' }).map((r) => r.price),
        );
      }),
    );
  });

  it('weight on lead time can turn the order round', () => {
    expect(rank([cheapSlow, dearQuick], { kind: 'lptc' })[0]?.bid).toBe('a');
    const quick = rank([cheapSlow, dearQuick], {
      kind: 'best-value',
      weights: { price: 50, capacity: 0, leadTime: 50 },
    });
    expect(quick[0]?.bid).toBe('b');
    expect(quick[0]?.score).not.toBeNull();
  });

  it('weights are whole percentages adding up to 100', () => {
    expect(weightsProblem({ price: 60, capacity: 20, leadTime: 20 })).toBeUndefined();
    expect(weightsProblem({ price: 60, capacity: 20, leadTime: 10 })).toMatch(/100/);
    expect(weightsProblem({ price: 110, capacity: -10, leadTime: 0 })).toMatch(/whole/);
  });
});

describe('evaluated price and compliance', () => {
  it('prices the whole estimated quantity at the tier it reaches', () => {
    const tiers = [
      { from: 1n, unitPrice: 3_000_00n },
      { from: 10_000n, unitPrice: 2_800_00n },
    ];
    expect(evaluatedPrice(tiers, 9_999n, identity('EUR', '2024-01-01')).minor).toBe(
      9_999n * 3_000_00n,
    );
    expect(evaluatedPrice(tiers, 10_000n, identity('EUR', '2024-01-01')).minor).toBe(
      10_000n * 2_800_00n,
    );
  });

  it('converts at the rate fixed at publication', () => {
    const price = evaluatedPrice([{ from: 1n, unitPrice: 1_00n }], 1000n, {
      from: 'USD',
      to: 'EUR',
      rate: '1.0565',
      inverted: true,
      day: '2023-09-27',
    });
    expect(price).toEqual({ minor: 94_652n, currency: 'EUR' });
  });

  it('is compliant only when every requirement is marked and passes', () => {
    const requirements = ['R1', 'R2'];
    expect(
      isCompliant(
        requirements,
        new Map([
          ['R1', true],
          ['R2', true],
        ]),
      ),
    ).toBe(true);
    expect(isCompliant(requirements, new Map([['R1', true]]))).toBe(false);
    expect(
      isCompliant(
        requirements,
        new Map([
          ['R1', true],
          ['R2', false],
        ]),
      ),
    ).toBe(false);
  });
});
