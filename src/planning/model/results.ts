// biome-ignore-all lint/style/noNonNullAssertion: indices into the typed arrays are in range by construction.
import type { FairShare } from './fair-shares.ts';
import type { PlanningInstance } from './instance.ts';
import { toNumber } from './rational.ts';

/** Units delivered to one line in one month. */
export interface Delivery {
  line: number;
  month: number;
  units: number;
}

/**
 * Deliveries from a schedule's arc flows: a unit arrives in the later of its production month and
 * its line's due month (early units wait for the due month). One entry per line and month.
 */
export function deliveriesOf(instance: PlanningInstance, flow: Float64Array): Delivery[] {
  const byKey = new Map<string, Delivery>();
  for (let a = 0; a < flow.length; a++) {
    const units = flow[a]!;
    if (units === 0) continue;
    const line = instance.arcLine[a]!;
    const month = Math.max(instance.sourceMonth[instance.arcSource[a]!]!, instance.lineDue[line]!);
    const key = `${line}:${month}`;
    const entry = byKey.get(key) ?? { line, month, units: 0 };
    entry.units += units;
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort((x, y) => x.line - y.line || x.month - y.month);
}

/** Units delivered to one nation in one month, over all its lines and classes. */
export interface NationDelivery {
  nation: number;
  month: number;
  units: number;
}

/** Deliveries per nation and month (by nation, then month), from the per-line deliveries. */
export function nationDeliveriesOf(
  instance: PlanningInstance,
  flow: Float64Array,
): NationDelivery[] {
  const byKey = new Map<string, NationDelivery>();
  for (const { line, month, units } of deliveriesOf(instance, flow)) {
    const nation = instance.lineNation[line]!;
    const key = `${nation}:${month}`;
    const entry = byKey.get(key) ?? { nation, month, units: 0 };
    entry.units += units;
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort((x, y) => x.nation - y.nation || x.month - y.month);
}

/** Each line's quantity not delivered at all within the plan. */
export function shortfallOf(instance: PlanningInstance, flow: Float64Array): Float64Array {
  const shortfall = Float64Array.from(instance.lineQuantity);
  for (let a = 0; a < flow.length; a++) shortfall[instance.arcLine[a]!]! -= flow[a]!;
  return shortfall;
}

/** The names behind an instance's indices, for sentences people read. */
export interface PlanNames {
  nations: readonly string[];
  /** Per source: its production line, as "supplier item". */
  production: readonly string[];
}

function monthRange(months: number[]): string {
  const sorted = [...new Set(months)].sort((a, b) => a - b);
  const first = sorted[0] ?? 0;
  const last = sorted[sorted.length - 1] ?? 0;
  return first === last ? `month ${first + 1}` : `months ${first + 1}–${last + 1}`;
}

/**
 * One sentence per nation: the share of its need it received, class by class, and, where it fell
 * short, the production lines that could have served it and were fully used, with the months.
 */
export function explanations(
  instance: PlanningInstance,
  shares: readonly FairShare[],
  flow: Float64Array,
  names: PlanNames,
): string[] {
  const used = new Float64Array(instance.sourceCapacity.length);
  for (let a = 0; a < flow.length; a++) used[instance.arcSource[a]!]! += flow[a]!;
  const shortfall = shortfallOf(instance, flow);
  return names.nations.map((nation, n) => {
    const own = shares.filter((s) => s.nation === n);
    const need = own.reduce((sum, s) => sum + s.need, 0);
    const served = own.reduce((sum, s) => sum + toNumber(s.served), 0);
    const percent = need === 0 ? 100 : Math.round((100 * served) / need);
    const classes = own
      .map((s) => `class ${s.priority + 1} ${Math.round((100 * toNumber(s.served)) / s.need)} %`)
      .join(', ');
    const saturated = new Map<string, number[]>();
    for (let a = 0; a < flow.length; a++) {
      const line = instance.arcLine[a]!;
      const source = instance.arcSource[a]!;
      if (instance.lineNation[line] !== n || shortfall[line]! <= 0) continue;
      const capacity = instance.sourceCapacity[source]!;
      if (capacity === 0 || used[source]! < capacity) continue;
      const production = names.production[source] ?? `source ${source}`;
      const months = saturated.get(production) ?? [];
      months.push(instance.sourceMonth[source]!);
      saturated.set(production, months);
    }
    const causes = [...saturated.entries()]
      .slice(0, 3)
      .map(([production, months]) => `${production} fully used in ${monthRange(months)}`);
    const because = causes.length > 0 ? `; short because ${causes.join(', ')}` : '';
    return `${nation} received ${percent} % of need (${classes || 'no need'})${because}.`;
  });
}
