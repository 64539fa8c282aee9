import { type Tier, tierAt } from '../../agreements/model/tiers.ts';
import {
  type Edge,
  interchangeableGroups,
  type Level,
  substitutes,
} from '../../catalogue/model/compatibility.ts';
import type { Signal } from './signal.ts';

/** What aggregation reads of a signal. */
export type PoolableSignal = Pick<
  Signal,
  'id' | 'nation' | 'nsn' | 'family' | 'platform' | 'quantity' | 'neededBy' | 'firmness'
>;

/** What the catalogue says about one family: its items and how they fit the platforms. */
export interface FamilyFacts {
  items: readonly string[];
  edges: readonly Edge[];
  /** Each nation's platforms that fire the family. */
  fleets: ReadonlyMap<string, readonly string[]>;
  /** The level each nation accepts for the family; `qualified` when it set none. */
  accepted: ReadonlyMap<string, Level>;
}

/** A supplier's price schedule for an item under an agreement in force. */
export interface PriceSchedule {
  agreement: string;
  supplier: string;
  nsn: string;
  currency: string;
  tiers: readonly Tier[];
}

/** How long a delivery period is: a month, a quarter, a half-year or a year. */
export type PeriodMonths = 1 | 3 | 6 | 12;

/** A delivery period: its label and its first and last month. */
export interface Period {
  label: string;
  from: string;
  to: string;
}

/** One nation's part of a lot. */
interface LotShare {
  nation: string;
  quantity: bigint;
  /** Its share of the lot's quantity, in basis points, rounded down. */
  shareBp: number;
  signals: string[];
}

/** What an agreement's tier schedule says about a lot's volume. */
interface TierOutlook {
  agreement: string;
  supplier: string;
  nsn: string;
  currency: string;
  tiers: { from: bigint; unitPrice: bigint; unlocked: boolean; toUnlock: bigint }[];
  /** The unit price the lot's whole quantity reaches. */
  pooledUnitPrice: bigint;
  /** What the nations would pay buying their parts alone, less what they pay pooled. */
  saving: bigint;
}

/** A proposed lot: lines of one or more nations for the same items in one delivery period. */
export interface Lot {
  id: string;
  family: string;
  period: Period;
  /** The items any of which serves every line of the lot. */
  items: string[];
  /** False for a line that no item serves at its nation's accepted level: it stands alone. */
  pooled: boolean;
  quantity: bigint;
  firm: bigint;
  indicative: bigint;
  neededBy: { earliest: string; latest: string };
  nations: LotShare[];
  tiers: TierOutlook[];
}

/** The delivery period a month falls in. */
export function periodOf(month: string, months: PeriodMonths): Period {
  const [year = '', m = ''] = month.split('-');
  const index = Math.floor((Number(m) - 1) / months);
  const first = index * months + 1;
  const mm = (n: number) => `${year}-${String(n).padStart(2, '0')}`;
  const label =
    months === 12
      ? year
      : months === 6
        ? `${year}-H${index + 1}`
        : months === 3
          ? `${year}-Q${index + 1}`
          : month;
  return { label, from: mm(first), to: mm(first + months - 1) };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The platforms a line is for: the one it names, else the nation's platforms of the family. */
function linePlatforms(signal: PoolableSignal, facts: FamilyFacts): string[] {
  if (signal.platform !== null) return [signal.platform];
  return [...(facts.fleets.get(signal.nation) ?? [])].sort();
}

/** The items that may serve a line: those at the nation's accepted level on its every platform. */
function acceptableItems(signal: PoolableSignal, facts: FamilyFacts): Set<string> {
  const accepted = facts.accepted.get(signal.nation) ?? 'qualified';
  return new Set(substitutes(facts.edges, facts.items, linePlatforms(signal, facts), accepted));
}

/**
 * The item sets a lot may be made of: the family's interchangeable groups (items qualified on the
 * same platforms) and each item on its own, so that nations whose fleets share one item can pool
 * over it even where the groups they would pick differ.
 */
function candidateSets(facts: FamilyFacts): string[][] {
  const sets = new Map<string, string[]>();
  for (const group of interchangeableGroups(facts.edges, facts.items, 'qualified'))
    sets.set(group.join('+'), group);
  for (const item of [...facts.items].sort()) sets.set(item, [item]);
  return [...sets.values()];
}

/**
 * Chooses the items each line of one family and period is pooled over. A line may only take a set
 * of items all of which serve it; among those it takes the one that serves the most volume of the
 * period's lines (so lines converge on what they have in common), then one holding the item it
 * names, then the larger, then the first by name. A line that no item serves gets undefined.
 */
function choosePools(
  lines: readonly PoolableSignal[],
  facts: FamilyFacts,
): Map<string, string[] | undefined> {
  const acceptable = new Map(lines.map((line) => [line.id, acceptableItems(line, facts)]));
  const candidates = candidateSets(facts).map((items) => {
    let volume = 0n;
    for (const line of lines)
      if (items.every((item) => acceptable.get(line.id)?.has(item))) volume += line.quantity;
    return { items, key: items.join('+'), volume };
  });
  const chosen = new Map<string, string[] | undefined>();
  for (const line of lines) {
    const serves = acceptable.get(line.id) as Set<string>;
    const names = (c: { items: string[] }) =>
      line.nsn !== null && c.items.includes(line.nsn) ? 1 : 0;
    const best = candidates
      .filter((c) => c.items.every((item) => serves.has(item)))
      .sort(
        (a, b) =>
          (a.volume === b.volume ? 0 : a.volume > b.volume ? -1 : 1) ||
          names(b) - names(a) ||
          b.items.length - a.items.length ||
          byText(a.key, b.key),
      )[0];
    chosen.set(line.id, best?.items);
  }
  return chosen;
}

/** A schedule's outlook for a lot: which tiers its volume unlocks, and what pooling saves. */
function outlook(
  schedule: PriceSchedule,
  quantity: bigint,
  shares: readonly LotShare[],
): TierOutlook {
  const pooledUnitPrice = tierAt(schedule.tiers, quantity).unitPrice;
  const alone = shares.reduce(
    (sum, s) => sum + s.quantity * tierAt(schedule.tiers, s.quantity).unitPrice,
    0n,
  );
  return {
    agreement: schedule.agreement,
    supplier: schedule.supplier,
    nsn: schedule.nsn,
    currency: schedule.currency,
    tiers: schedule.tiers.map((t) => ({
      from: t.from,
      unitPrice: t.unitPrice,
      unlocked: quantity >= t.from,
      toUnlock: quantity >= t.from ? 0n : t.from - quantity,
    })),
    pooledUnitPrice,
    saving: alone - quantity * pooledUnitPrice,
  };
}

/**
 * Groups open signals into proposed lots: by family, delivery period and the items that serve
 * every line (see `choosePools`); a line no item serves is a lot of its own. For each lot: its
 * quantity, firm and indicative, each nation's share, the spread of needed-by months and, from
 * the tier schedules of agreements in force for its items, the volume that unlocks each tier and
 * what pooling saves against each nation buying alone. The same signals give the same lots, in
 * the same order, whatever order they come in.
 */
export function aggregate(
  signals: readonly PoolableSignal[],
  facts: ReadonlyMap<string, FamilyFacts>,
  schedules: readonly PriceSchedule[],
  periodMonths: PeriodMonths,
): Lot[] {
  const none: FamilyFacts = { items: [], edges: [], fleets: new Map(), accepted: new Map() };
  const sorted = [...signals].sort((a, b) => byText(a.id, b.id));
  const byPeriod = new Map<string, PoolableSignal[]>();
  for (const signal of sorted) {
    const key = `${signal.family}|${periodOf(signal.neededBy, periodMonths).label}`;
    const lines = byPeriod.get(key) ?? [];
    lines.push(signal);
    byPeriod.set(key, lines);
  }
  const lots = new Map<string, { lot: Omit<Lot, 'nations' | 'tiers'>; lines: PoolableSignal[] }>();
  for (const lines of byPeriod.values()) {
    const pools = choosePools(lines, facts.get((lines[0] as PoolableSignal).family) ?? none);
    for (const signal of lines) {
      const period = periodOf(signal.neededBy, periodMonths);
      const pool = pools.get(signal.id);
      const items = pool ?? (signal.nsn === null ? [] : [signal.nsn]);
      const id =
        pool === undefined
          ? `${signal.family}|${period.label}|alone:${signal.id}`
          : `${signal.family}|${period.label}|${items.join('+')}`;
      const entry = lots.get(id) ?? {
        lot: {
          id,
          family: signal.family,
          period,
          items,
          pooled: pool !== undefined,
          quantity: 0n,
          firm: 0n,
          indicative: 0n,
          neededBy: { earliest: signal.neededBy, latest: signal.neededBy },
        },
        lines: [],
      };
      entry.lines.push(signal);
      const { lot } = entry;
      lot.quantity += signal.quantity;
      if (signal.firmness === 'firm') lot.firm += signal.quantity;
      else lot.indicative += signal.quantity;
      if (signal.neededBy < lot.neededBy.earliest) lot.neededBy.earliest = signal.neededBy;
      if (signal.neededBy > lot.neededBy.latest) lot.neededBy.latest = signal.neededBy;
      lots.set(id, entry);
    }
  }
  return [...lots.values()]
    .map(({ lot, lines }) => {
      const byNation = new Map<string, LotShare>();
      for (const line of lines) {
        const share = byNation.get(line.nation) ?? {
          nation: line.nation,
          quantity: 0n,
          shareBp: 0,
          signals: [],
        };
        share.quantity += line.quantity;
        share.signals.push(line.id);
        byNation.set(line.nation, share);
      }
      const nations = [...byNation.values()]
        .sort((a, b) => byText(a.nation, b.nation))
        .map((s) => ({ ...s, shareBp: Number((s.quantity * 10_000n) / lot.quantity) }));
      const tiers = schedules
        .filter((s) => lot.items.includes(s.nsn))
        .map((s) => outlook(s, lot.quantity, nations))
        .sort(
          (a, b) =>
            byText(a.nsn, b.nsn) ||
            byText(a.agreement, b.agreement) ||
            byText(a.supplier, b.supplier),
        );
      return { ...lot, nations, tiers };
    })
    .sort(
      (a, b) =>
        byText(a.family, b.family) || byText(a.period.from, b.period.from) || byText(a.id, b.id),
    );
}

/** A lot as one nation sees it: the parts of nations that did not agree to share, summed. */
export interface SeenLot extends Lot {
  hidden: { nations: number; quantity: bigint; shareBp: number } | null;
}

/**
 * A lot as a nation sees it: the pooled totals always; the other nations' parts only when every
 * nation of the lot agreed to share, else summed into `hidden` without their names or lines.
 */
export function lotSeenBy(lot: Lot, nation: string, sharing: ReadonlySet<string>): SeenLot {
  const others = lot.nations.filter((n) => n.nation !== nation);
  if (others.length === 0 || lot.nations.every((n) => sharing.has(n.nation)))
    return { ...lot, hidden: null };
  const quantity = others.reduce((sum, n) => sum + n.quantity, 0n);
  return {
    ...lot,
    nations: lot.nations.filter((n) => n.nation === nation),
    hidden: {
      nations: others.length,
      quantity,
      shareBp: Number((quantity * 10_000n) / lot.quantity),
    },
  };
}
