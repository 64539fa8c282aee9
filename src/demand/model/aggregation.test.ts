import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Edge, LEVELS, type Level, meets } from '../../catalogue/model/compatibility.ts';
import {
  aggregate,
  type FamilyFacts,
  type Lot,
  lotSeenBy,
  type PoolableSignal,
  periodOf,
} from './aggregation.ts';

const F = '155mm projectile';
const ITEMS = ['A', 'B', 'C', 'D', 'E'];
const PLATFORMS = ['P1', 'P2', 'P3', 'P4'];
const NATIONS = ['DEU', 'FRA', 'POL'];

const world = fc.record({
  edges: fc.array(
    fc.record({
      item: fc.constantFrom(...ITEMS),
      platform: fc.constantFrom(...PLATFORMS),
      level: fc.constantFrom(...LEVELS),
    }),
    { maxLength: 20 },
  ),
  fleets: fc.array(fc.subarray(PLATFORMS), {
    minLength: NATIONS.length,
    maxLength: NATIONS.length,
  }),
  accepted: fc.array(fc.constantFrom<Level>('qualified', 'compatible-unqualified'), {
    minLength: NATIONS.length,
    maxLength: NATIONS.length,
  }),
});

const signal = fc.record({
  nation: fc.constantFrom(...NATIONS),
  nsn: fc.option(fc.constantFrom(...ITEMS), { nil: null }),
  platform: fc.option(fc.constantFrom(...PLATFORMS), { nil: null }),
  quantity: fc.bigInt(1n, 100_000n),
  neededBy: fc
    .tuple(fc.constantFrom('2024', '2025'), fc.integer({ min: 1, max: 12 }))
    .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
  firmness: fc.constantFrom('firm' as const, 'indicative' as const),
});

const scenario = fc.record({
  world,
  signals: fc
    .array(signal, { maxLength: 40 })
    .map((lines) =>
      lines.map(
        (l, i): PoolableSignal => ({ ...l, id: `s${String(i).padStart(3, '0')}`, family: F }),
      ),
    ),
  periodMonths: fc.constantFrom(1 as const, 3 as const, 6 as const, 12 as const),
});

interface World {
  edges: Edge[];
  fleets: string[][];
  accepted: Level[];
}

function factsOf(w: World): Map<string, FamilyFacts> {
  // One edge per item and platform: the last one written stands, as the catalogue keeps it.
  const edges = [...new Map(w.edges.map((e) => [`${e.item}/${e.platform}`, e])).values()];
  return new Map([
    [
      F,
      {
        items: ITEMS,
        edges,
        fleets: new Map(NATIONS.map((n, i) => [n, w.fleets[i] ?? []])),
        accepted: new Map(NATIONS.map((n, i) => [n, w.accepted[i] ?? 'qualified'])),
      },
    ],
  ]);
}

const lotsOf = (s: { world: World; signals: PoolableSignal[]; periodMonths: 1 | 3 | 6 | 12 }) =>
  aggregate(s.signals, factsOf(s.world), [], s.periodMonths);

const sum = (values: readonly bigint[]) => values.reduce((a, b) => a + b, 0n);

describe('aggregation into lots', () => {
  it('conserves quantity: the lots hold what the signals ask, firm and indicative alike', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const lots = lotsOf(s);
        expect(sum(lots.map((l) => l.quantity))).toBe(sum(s.signals.map((x) => x.quantity)));
        for (const lot of lots) {
          expect(lot.firm + lot.indicative).toBe(lot.quantity);
          expect(sum(lot.nations.map((n) => n.quantity))).toBe(lot.quantity);
        }
      }),
    );
  });

  it('puts each signal in exactly one lot', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const placed = lotsOf(s).flatMap((l) => l.nations.flatMap((n) => n.signals));
        expect([...placed].sort()).toEqual(s.signals.map((x) => x.id).sort());
      }),
    );
  });

  it('pools a nation only over items every platform of its line fires at the level it accepts', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const facts = factsOf(s.world).get(F) as FamilyFacts;
        const byId = new Map(s.signals.map((x) => [x.id, x]));
        for (const lot of lotsOf(s)) {
          const lines = lot.nations.flatMap((n) =>
            n.signals.map((id) => byId.get(id) as PoolableSignal),
          );
          if (!lot.pooled) {
            expect(lines).toHaveLength(1);
            continue;
          }
          expect(lot.items.length).toBeGreaterThan(0);
          for (const line of lines) {
            const platforms =
              line.platform === null ? [...(facts.fleets.get(line.nation) ?? [])] : [line.platform];
            expect(platforms.length).toBeGreaterThan(0);
            const accepted = facts.accepted.get(line.nation) ?? 'qualified';
            for (const item of lot.items)
              for (const platform of platforms) {
                const level =
                  facts.edges.find((e) => e.item === item && e.platform === platform)?.level ??
                  'not-compatible';
                expect(meets(level, accepted), `${line.nation} ${item} on ${platform}`).toBe(true);
              }
          }
        }
      }),
    );
  });

  it('gives the same lots for the same signals, in whatever order they come', () => {
    fc.assert(
      fc.property(scenario, fc.infiniteStream(fc.nat()), (s, noise) => {
        const shuffled = s.signals
          .map((x) => ({ x, key: noise.next().value as number }))
          .sort((a, b) => a.key - b.key)
          .map(({ x }) => x);
        expect(lotsOf({ ...s, signals: shuffled })).toEqual(lotsOf(s));
        expect(lotsOf(s)).toEqual(lotsOf(s));
      }),
    );
  });
});

describe('a lot of 155 mm shells', () => {
  // Two items qualified on the PzH 2000 (Germany, Lithuania); France's CAESAR fires one of them.
  const facts = new Map<string, FamilyFacts>([
    [
      F,
      {
        items: ['DM121', 'L15A1', 'BONUS'],
        edges: [
          { item: 'DM121', platform: 'PZH2000', level: 'qualified' },
          { item: 'L15A1', platform: 'PZH2000', level: 'qualified' },
          { item: 'BONUS', platform: 'CAESAR', level: 'qualified' },
          { item: 'DM121', platform: 'CAESAR', level: 'compatible-unqualified' },
        ],
        fleets: new Map([
          ['DEU', ['PZH2000']],
          ['LTU', ['PZH2000']],
          ['FRA', ['CAESAR']],
        ]),
        accepted: new Map<string, Level>([['FRA', 'qualified']]),
      },
    ],
  ]);
  const line = (
    id: string,
    nation: string,
    quantity: bigint,
    neededBy: string,
  ): PoolableSignal => ({
    id,
    nation,
    nsn: null,
    family: F,
    platform: null,
    quantity,
    neededBy,
    firmness: id === 'l2' ? 'indicative' : 'firm',
  });
  const signals = [
    line('g1', 'DEU', 60_000n, '2024-03'),
    line('l2', 'LTU', 40_000n, '2024-05'),
    line('f3', 'FRA', 10_000n, '2024-04'),
  ];
  const schedule = {
    agreement: 'AGR-1',
    supplier: 'F0001',
    nsn: 'DM121',
    currency: 'EUR',
    tiers: [
      { from: 1n, unitPrice: 400_000n },
      { from: 50_000n, unitPrice: 380_000n },
      { from: 100_000n, unitPrice: 350_000n },
      { from: 200_000n, unitPrice: 330_000n },
    ],
  };

  it('pools Germany and Lithuania over the PzH 2000 group, France apart; tiers unlocked and the saving', () => {
    const lots: Lot[] = aggregate(signals, facts, [schedule], 6);
    expect(lots.map((l) => [l.items, l.quantity, l.nations.map((n) => n.nation)])).toEqual([
      [['BONUS'], 10_000n, ['FRA']],
      [['DM121', 'L15A1'], 100_000n, ['DEU', 'LTU']],
    ]);
    const pooled = lots[1] as Lot;
    expect(pooled).toMatchObject({
      period: { label: '2024-H1', from: '2024-01', to: '2024-06' },
      firm: 60_000n,
      indicative: 40_000n,
      neededBy: { earliest: '2024-03', latest: '2024-05' },
    });
    expect(pooled.nations.map((n) => n.shareBp)).toEqual([6000, 4000]);
    const [tiers] = pooled.tiers;
    expect(tiers?.pooledUnitPrice).toBe(350_000n);
    expect(tiers?.tiers.map((t) => [t.unlocked, t.toUnlock])).toEqual([
      [true, 0n],
      [true, 0n],
      [true, 0n],
      [false, 100_000n],
    ]);
    // Alone: Germany 60,000 at 3,800.00 and Lithuania 40,000 at 4,000.00; pooled, all at 3,500.00.
    expect(tiers?.saving).toBe(60_000n * 380_000n + 40_000n * 400_000n - 100_000n * 350_000n);
  });

  it('pools France too, over the one item all three fire, once France accepts unqualified firings', () => {
    const french = facts.get(F) as FamilyFacts;
    const accepting = new Map([
      [F, { ...french, accepted: new Map<string, Level>([['FRA', 'compatible-unqualified']]) }],
    ]);
    expect(aggregate(signals, accepting, [], 6).map((l) => [l.items, l.quantity])).toEqual([
      [['DM121'], 110_000n],
    ]);
  });

  it("shows a nation the other nations' parts only when all of the lot agreed to share", () => {
    const pooled = aggregate(signals, facts, [], 6)[1] as Lot;
    expect(lotSeenBy(pooled, 'LTU', new Set(['LTU']))).toMatchObject({
      quantity: 100_000n,
      nations: [{ nation: 'LTU', quantity: 40_000n }],
      hidden: { nations: 1, quantity: 60_000n, shareBp: 6000 },
    });
    expect(lotSeenBy(pooled, 'LTU', new Set(['LTU', 'DEU'])).hidden).toBeNull();
    expect(lotSeenBy(pooled, 'FRA', new Set()).nations).toEqual([]);
  });

  it('names delivery periods by month, quarter, half-year and year', () => {
    expect(periodOf('2024-08', 1)).toEqual({ label: '2024-08', from: '2024-08', to: '2024-08' });
    expect(periodOf('2024-08', 3)).toEqual({ label: '2024-Q3', from: '2024-07', to: '2024-09' });
    expect(periodOf('2024-08', 6)).toEqual({ label: '2024-H2', from: '2024-07', to: '2024-12' });
    expect(periodOf('2024-08', 12)).toEqual({ label: '2024', from: '2024-01', to: '2024-12' });
  });
});
