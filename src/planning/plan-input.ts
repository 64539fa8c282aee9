import {
  type Edge,
  type Level,
  platformsOfLine,
  substitutes,
} from '../catalogue/model/compatibility.ts';
import type { StoredInput } from './events.ts';
import { capacityByMonth, monthIndex, type ProductionLine } from './production-line.ts';

/** An option of a line: an item from a supplier, at a unit price in the plan's currency. */
export interface PricedOption {
  supplier: string;
  item: string;
  price: bigint;
}

/** A call-off's open quantity by delivery month, and the suppliers its agreement lets serve it. */
export interface CallOffFacts {
  id: string;
  nation: string;
  nsn: string;
  family: string;
  /** What is still to deliver, month by month of its schedule (accepted units taken off first). */
  open: { month: string; quantity: bigint }[];
  options: PricedOption[];
}

/** An open demand line. */
export interface DemandFacts {
  id: string;
  nation: string;
  nsn: string | null;
  family: string;
  platform: string | null;
  quantity: bigint;
  neededBy: string;
  firmness: 'firm' | 'indicative';
}

/** What the catalogue says about one family: its items, its edges, nations' fleets and levels. */
export interface FamilyFacts {
  items: string[];
  edges: Edge[];
  fleets: ReadonlyMap<string, string[]>;
  accepted: ReadonlyMap<string, Level>;
}

/** Everything a plan is built from, as read from the store at one ledger position. */
export interface PlanFacts {
  firstMonth: string;
  months: number;
  currency: string;
  production: ProductionLine[];
  callOffs: CallOffFacts[];
  demand: DemandFacts[];
  families: ReadonlyMap<string, FamilyFacts>;
  /** The unit price a supplier's item is planned at, keyed `supplier nsn`, in the plan's currency. */
  prices: ReadonlyMap<string, bigint>;
}

/** What a what-if changes in the facts before the plan is built. */
export interface Scenario {
  /** Units a month added to (or, negative, taken from) a supplier's item from a month on. */
  capacity: { supplier: string; nsn: string; from: string; units: number }[];
  /** Lines moved to another class (1 first): those of a nation, an item asked for, a kind. */
  priorities: {
    nation?: string | undefined;
    nsn?: string | undefined;
    kind?: 'call-off' | 'demand' | undefined;
    priority: number;
  }[];
  /** The level a nation accepts for a family, instead of the one it set. */
  levels: { nation: string; family: string; level: Level }[];
}

export const NO_SCENARIO: Scenario = { capacity: [], priorities: [], levels: [] };

/**
 * Priority classes (docs/decisions/0009): firm call-offs first, then firm demand, then indicative
 * demand. Zero-based, as the allocator counts them.
 */
const CLASSES = { 'call-off': 0, firm: 1, indicative: 2 } as const;
const PRIORITIES = 3;

/** The production lines' capacities per month, with the scenario's changes, never below zero. */
function productionOf(facts: PlanFacts, scenario: Scenario): StoredInput['production'] {
  const first = monthIndex(facts.firstMonth);
  const byPair = new Map<string, { supplier: string; item: string; capacity: number[] }>();
  for (const line of facts.production) {
    byPair.set(`${line.supplier} ${line.nsn}`, {
      supplier: line.supplier,
      item: line.nsn,
      capacity: capacityByMonth(line, facts.firstMonth, facts.months),
    });
  }
  for (const change of scenario.capacity) {
    const key = `${change.supplier} ${change.nsn}`;
    const entry = byPair.get(key) ?? {
      supplier: change.supplier,
      item: change.nsn,
      capacity: new Array<number>(facts.months).fill(0),
    };
    const from = Math.max(0, monthIndex(change.from) - first);
    entry.capacity = entry.capacity.map((c, m) => (m >= from ? Math.max(0, c + change.units) : c));
    byPair.set(key, entry);
  }
  return [...byPair.values()];
}

/** The items that may serve a demand line: the one asked for, and its substitutes at the level. */
function itemsFor(line: DemandFacts, family: FamilyFacts | undefined, level: Level): string[] {
  const named = line.nsn === null ? [] : [line.nsn];
  if (family === undefined) return named;
  const fleet = family.fleets.get(line.nation) ?? [];
  const platforms =
    line.platform === null
      ? platformsOfLine({ nation: line.nation, platforms: new Map(fleet.map((p) => [p, 1])) })
      : [line.platform];
  const candidates = line.nsn === null ? family.items : family.items.filter((i) => i !== line.nsn);
  return [...named, ...substitutes(family.edges, candidates, platforms, level)];
}

/**
 * The allocator's input from the facts, with a scenario applied: each call-off's open months as
 * lines of class 1 served by its agreement's suppliers of its item; each open demand line served
 * by every supplier with a production line of an item that may stand in for it at the nation's
 * accepted level. Months count from the plan's first; a due month before it counts as the first.
 */
export function planInputOf(facts: PlanFacts, scenario: Scenario = NO_SCENARIO): StoredInput {
  const first = monthIndex(facts.firstMonth);
  const due = (month: string) => Math.max(0, monthIndex(month) - first);
  const production = productionOf(facts, scenario);
  const suppliersOf = new Map<string, string[]>();
  for (const p of production)
    suppliersOf.set(p.item, [...(suppliersOf.get(p.item) ?? []), p.supplier]);
  const classOf = (
    line: { kind: 'call-off' | 'demand'; nation: string; nsn: string | null },
    base: number,
  ) => {
    const rule = scenario.priorities.findLast(
      (r) =>
        (r.nation === undefined || r.nation === line.nation) &&
        (r.nsn === undefined || r.nsn === line.nsn) &&
        (r.kind === undefined || r.kind === line.kind),
    );
    return rule === undefined ? base : Math.min(PRIORITIES, Math.max(1, rule.priority)) - 1;
  };
  const lines: StoredInput['lines'] = [];
  for (const callOff of facts.callOffs) {
    for (const open of callOff.open) {
      lines.push({
        kind: 'call-off',
        id: callOff.id,
        nation: callOff.nation,
        nsn: callOff.nsn,
        family: callOff.family,
        priority: classOf({ kind: 'call-off', ...callOff }, CLASSES['call-off']),
        quantity: Number(open.quantity),
        due: due(open.month),
        options: callOff.options.map((o) => ({ ...o, price: o.price.toString() })),
      });
    }
  }
  for (const line of facts.demand) {
    const level =
      scenario.levels.findLast((l) => l.nation === line.nation && l.family === line.family)
        ?.level ??
      facts.families.get(line.family)?.accepted.get(line.nation) ??
      'qualified';
    const items = itemsFor(line, facts.families.get(line.family), level);
    lines.push({
      kind: 'demand',
      id: line.id,
      nation: line.nation,
      nsn: line.nsn,
      family: line.family,
      priority: classOf({ kind: 'demand', ...line }, CLASSES[line.firmness]),
      quantity: Number(line.quantity),
      due: due(line.neededBy),
      options: items.flatMap((item) =>
        (suppliersOf.get(item) ?? []).map((supplier) => ({
          supplier,
          item,
          price: (facts.prices.get(`${supplier} ${item}`) ?? 0n).toString(),
        })),
      ),
    });
  }
  return {
    firstMonth: facts.firstMonth,
    months: facts.months,
    currency: facts.currency,
    priorities: PRIORITIES,
    production,
    lines,
  };
}
