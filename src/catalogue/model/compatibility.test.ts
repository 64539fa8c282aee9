import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Edge,
  type Fleet,
  interchangeableGroups,
  interoperabilityScores,
  itemsFiredBy,
  LEVELS,
  type Level,
  levelOf,
  meets,
  platformsFiring,
  platformsOfLine,
  substitutes,
} from './compatibility.ts';

const ITEMS = ['L15A1', 'M107', 'M795', 'DM121', 'M982'];
const PLATFORMS = ['M777', 'PzH2000', 'CAESAR', 'AS90'];

// At most one edge per item and platform, as the store keeps them.
const graphArb: fc.Arbitrary<Edge[]> = fc
  .array(
    fc.record({
      item: fc.constantFrom(...ITEMS),
      platform: fc.constantFrom(...PLATFORMS),
      level: fc.constantFrom(...LEVELS),
    }),
    { maxLength: 20 },
  )
  .map((edges) => [...new Map(edges.map((e) => [`${e.item}/${e.platform}`, e])).values()]);
const fleetArb: fc.Arbitrary<Fleet> = fc
  .dictionary(fc.constantFrom(...PLATFORMS), fc.integer({ min: 1, max: 200 }))
  .map((counts) => ({ nation: 'FRA', platforms: new Map(Object.entries(counts)) }));
const levelArb = fc.constantFrom<Level>('qualified', 'compatible-unqualified');

// The brute force: every question answered straight from the definition, one pair at a time.
const fits = (edges: Edge[], item: string, platform: string, accepted: Level) =>
  meets(levelOf(edges, item, platform), accepted);

describe('interchangeability views agree with a brute force over the edges', () => {
  it('what a platform fires, and what fires an item', () => {
    fc.assert(
      fc.property(graphArb, levelArb, (edges, accepted) => {
        for (const platform of PLATFORMS) {
          expect(itemsFiredBy(edges, platform, accepted)).toEqual(
            ITEMS.filter((i) => fits(edges, i, platform, accepted)).sort(),
          );
        }
        for (const item of ITEMS) {
          expect(platformsFiring(edges, item, accepted)).toEqual(
            PLATFORMS.filter((p) => fits(edges, item, p, accepted)).sort(),
          );
        }
      }),
    );
  });

  it('substitutes on a line: at the accepted level on every platform the line is for', () => {
    fc.assert(
      fc.property(
        graphArb,
        fleetArb,
        levelArb,
        fc.option(fc.constantFrom(...PLATFORMS), { nil: undefined }),
        (edges, fleet, accepted, named) => {
          const linePlatforms = platformsOfLine(fleet, named);
          expect(linePlatforms).toEqual(
            named !== undefined ? [named] : [...fleet.platforms.keys()].sort(),
          );
          const expected =
            linePlatforms.length === 0
              ? []
              : ITEMS.filter((i) => linePlatforms.every((p) => fits(edges, i, p, accepted))).sort();
          expect(substitutes(edges, ITEMS, linePlatforms, accepted)).toEqual(expected);
        },
      ),
    );
  });

  it('interoperability score: share of the family fleet that can fire each item', () => {
    fc.assert(
      fc.property(graphArb, fleetArb, levelArb, (edges, fleet, accepted) => {
        const scores = interoperabilityScores(edges, fleet, ITEMS, accepted);
        const total = [...fleet.platforms.values()].reduce((s, n) => s + n, 0);
        for (const item of ITEMS) {
          const served = [...fleet.platforms]
            .filter(([p]) => fits(edges, item, p, accepted))
            .reduce((s, [, n]) => s + n, 0);
          expect(scores.get(item)).toBeCloseTo(total === 0 ? 0 : served / total, 12);
          expect(scores.get(item)).toBeGreaterThanOrEqual(0);
          expect(scores.get(item)).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('interchangeable groups: same platform set, every fired item in exactly one group', () => {
    fc.assert(
      fc.property(graphArb, levelArb, (edges, accepted) => {
        const groups = interchangeableGroups(edges, ITEMS, accepted);
        const fired = ITEMS.filter((i) => PLATFORMS.some((p) => fits(edges, i, p, accepted)));
        expect(groups.flat().sort()).toEqual([...fired].sort());
        for (const a of fired) {
          for (const b of fired) {
            const same = PLATFORMS.every(
              (p) => fits(edges, a, p, accepted) === fits(edges, b, p, accepted),
            );
            const together = groups.some((g) => g.includes(a) && g.includes(b));
            expect(together).toBe(same);
          }
        }
      }),
    );
  });

  it('a rifled L30A1 round never fits a smoothbore 120 mm gun, whatever is accepted', () => {
    const edges: Edge[] = [
      { item: 'L27A1', platform: 'Challenger 2 (L30A1)', level: 'qualified' },
      { item: 'L27A1', platform: 'Leopard 2A6 (L55)', level: 'not-compatible' },
    ];
    expect(platformsFiring(edges, 'L27A1', 'compatible-unqualified')).toEqual([
      'Challenger 2 (L30A1)',
    ]);
    expect(substitutes(edges, ['L27A1'], ['Leopard 2A6 (L55)'], 'compatible-unqualified')).toEqual(
      [],
    );
  });
});
