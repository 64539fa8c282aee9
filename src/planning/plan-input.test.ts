import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Level, platformsOfLine, substitutes } from '../catalogue/model/compatibility.ts';
import { type FamilyFacts, type PlanFacts, planInputOf } from './plan-input.ts';
import { monthIndex, monthOf } from './production-line.ts';
import { solvePlan } from './solve.ts';

const ITEMS = ['A', 'B', 'C'];
const PLATFORMS = ['P1', 'P2'];
const NATIONS = ['N1', 'N2', 'N3'];
const SUPPLIERS = ['S1', 'S2'];
const FIRST = '2024-01';
const MONTHS = 4;
const month = fc.integer({ min: -1, max: MONTHS + 1 }).map((m) => monthOf(monthIndex(FIRST) + m));
const level = fc.constantFrom<Level>('qualified', 'compatible-unqualified', 'not-compatible');
const accepted = fc.constantFrom<Level>('qualified', 'compatible-unqualified');

/** Facts of one family: random edges, fleets, levels, production lines, call-offs and demand. */
const facts: fc.Arbitrary<PlanFacts> = fc
  .record({
    edges: fc.array(
      fc.record({
        item: fc.constantFrom(...ITEMS),
        platform: fc.constantFrom(...PLATFORMS),
        level,
      }),
      { maxLength: 6 },
    ),
    fleets: fc.array(fc.subarray(PLATFORMS), {
      minLength: NATIONS.length,
      maxLength: NATIONS.length,
    }),
    levels: fc.array(accepted, { minLength: NATIONS.length, maxLength: NATIONS.length }),
    production: fc.uniqueArray(
      fc.record({
        supplier: fc.constantFrom(...SUPPLIERS),
        nsn: fc.constantFrom(...ITEMS),
        monthlyCapacity: fc.bigInt(0n, 30n),
        from: month,
      }),
      { selector: (p) => `${p.supplier} ${p.nsn}`, maxLength: 6 },
    ),
    callOffs: fc.array(
      fc.record({
        nation: fc.constantFrom(...NATIONS),
        nsn: fc.constantFrom(...ITEMS),
        open: fc.array(fc.record({ month, quantity: fc.bigInt(1n, 40n) }), {
          minLength: 1,
          maxLength: 2,
        }),
        suppliers: fc.subarray(SUPPLIERS),
      }),
      { maxLength: 4 },
    ),
    demand: fc.array(
      fc.record({
        nation: fc.constantFrom(...NATIONS),
        nsn: fc.option(fc.constantFrom(...ITEMS)),
        platform: fc.option(fc.constantFrom(...PLATFORMS)),
        quantity: fc.bigInt(1n, 60n),
        neededBy: month,
        firmness: fc.constantFrom<'firm' | 'indicative'>('firm', 'indicative'),
      }),
      { maxLength: 5 },
    ),
  })
  .map((r) => {
    const family: FamilyFacts = {
      items: ITEMS,
      edges: r.edges,
      fleets: new Map(NATIONS.map((n, i) => [n, r.fleets[i] ?? []])),
      accepted: new Map(NATIONS.map((n, i) => [n, r.levels[i] ?? 'qualified'])),
    };
    return {
      firstMonth: FIRST,
      months: MONTHS,
      currency: 'EUR',
      production: r.production.map((p, i) => ({ ...p, id: `line-${i}`, rampUps: [] })),
      callOffs: r.callOffs.map((c, i) => ({
        id: `call-off-${i}`,
        nation: c.nation,
        nsn: c.nsn,
        family: 'F',
        open: c.open,
        options: c.suppliers.map((supplier, k) => ({
          supplier,
          item: c.nsn,
          price: BigInt(100 + k),
        })),
      })),
      demand: r.demand.map((d, i) => ({ ...d, id: `demand-${i}`, family: 'F' })),
      families: new Map([['F', family]]),
      prices: new Map(
        SUPPLIERS.flatMap((s, k) => ITEMS.map((item) => [`${s} ${item}`, BigInt(90 + k)] as const)),
      ),
    };
  });

describe('plans built from the store’s facts', () => {
  it('never exceed capacity, never over-deliver a line, substitute only along catalogue edges', async () => {
    await fc.assert(
      fc.asyncProperty(facts, async (f) => {
        const input = planInputOf(f);
        const results = await solvePlan(input, 'network');
        const first = monthIndex(FIRST);
        // What a production line delivers by a month, it made by then (units wait, never hurry).
        for (const production of input.production) {
          let made = 0;
          let delivered = 0;
          for (let m = 0; m < MONTHS; m++) {
            made += production.capacity[m] ?? 0;
            for (const line of results.lines)
              for (const d of line.deliveries)
                if (
                  d.supplier === production.supplier &&
                  d.item === production.item &&
                  monthIndex(d.month) - first === m
                )
                  delivered += d.units;
            expect(delivered).toBeLessThanOrEqual(made);
          }
        }
        for (const line of results.lines) {
          const asked = input.lines[line.index];
          if (asked === undefined) throw new Error('a result without its line');
          expect(line.served).toBeLessThanOrEqual(asked.quantity);
          if (asked.kind === 'call-off') {
            const callOff = f.callOffs.find((c) => c.id === asked.id);
            for (const d of line.deliveries) {
              expect(d.item).toBe(asked.nsn);
              expect(callOff?.options.map((o) => o.supplier)).toContain(d.supplier);
            }
            continue;
          }
          const demand = f.demand.find((d) => d.id === asked.id);
          const family = f.families.get('F');
          if (demand === undefined || family === undefined) throw new Error('unknown line');
          const fleet = family.fleets.get(demand.nation) ?? [];
          const platforms =
            demand.platform === null
              ? platformsOfLine({
                  nation: demand.nation,
                  platforms: new Map(fleet.map((p) => [p, 1])),
                })
              : [demand.platform];
          const allowed = substitutes(
            family.edges,
            ITEMS,
            platforms,
            family.accepted.get(demand.nation) ?? 'qualified',
          );
          for (const d of line.deliveries)
            expect(d.item === demand.nsn || allowed.includes(d.item)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});
