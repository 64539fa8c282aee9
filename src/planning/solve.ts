// biome-ignore-all lint/style/noNonNullAssertion: indices into the instance's typed arrays are in range by construction.
import type { StoredInput, StoredResults } from './events.ts';
import { allocate } from './model/allocate.ts';
import { buildInstance } from './model/build.ts';
import { capacityAdditions } from './model/capacity-additions.ts';
import type { FairShare } from './model/fair-shares.ts';
import { monthsLate, needs, type PlanningInstance } from './model/instance.ts';
import { rational } from './model/rational.ts';
import { explanations } from './model/results.ts';
import { monthIndex, monthOf } from './production-line.ts';
import { highsSolver } from './reference/highs-solver.ts';
import {
  referenceFairShares,
  referenceSchedule,
  roundedBounds,
} from './reference/lexicographic-program.ts';

/** Which allocator computes a plan: ours, or the same program solved by HiGHS as the reference. */
export type Solver = 'network' | 'highs';

/** A share as the results keep it: `n/d`, or a whole number. */
function shareText(share: FairShare): string {
  const { numerator, denominator } = share.served;
  return denominator === 1n ? numerator.toString() : `${numerator}/${denominator}`;
}

/** The exact shares and whole-unit flows of the network allocator. */
function byNetwork(instance: PlanningInstance) {
  const allocation = allocate(instance);
  return { shares: allocation.shares, flow: allocation.schedule.flow };
}

/**
 * The same stages solved as linear programs by HiGHS. Its shares are floating point: they are
 * kept to a millionth, as the solver's tolerance allows.
 */
async function byHighs(instance: PlanningInstance) {
  const solve = await highsSolver();
  const served = referenceFairShares(instance, solve);
  const schedule = referenceSchedule(instance, roundedBounds(served), solve);
  const need = needs(instance);
  const shares: FairShare[] = [];
  served.forEach((units, claimant) => {
    if (Number.isNaN(units)) return;
    shares.push({
      nation: claimant % instance.nations,
      priority: Math.floor(claimant / instance.nations),
      need: need[claimant]!,
      served: rational(BigInt(Math.round(units * 1e6)), 1_000_000n),
    });
  });
  return { shares, flow: schedule.flow };
}

/**
 * For each class, the fewest units to add over (supplier, item, month) so that all its lines are
 * served in full by their due months, the classes before it keeping what the plan gives them;
 * each with its capacity's dual price (how many added units one more unit of capacity there saves:
 * 1 wherever units are added).
 */
function additionsOf(input: StoredInput, instance: PlanningInstance, flow: Float64Array) {
  const first = monthIndex(input.firstMonth);
  return Array.from({ length: instance.priorities }, (_, priority) => {
    const found = capacityAdditions(instance, flow, priority);
    return found.additions.map(({ source, units }) => {
      const production = input.production[instance.sourceProduction[source]!]!;
      return {
        priority,
        supplier: production.supplier,
        item: production.item,
        month: monthOf(first + instance.sourceMonth[source]!),
        units,
        dualPrice: String(found.capacityPrice[source]!),
      };
    });
  }).flat();
}

/** Figures summed over some units delivered: need is added apart, by line. */
interface Tally {
  need: number;
  served: number;
  lateness: number;
  cost: bigint;
}
const tally = (): Tally => ({ need: 0, served: 0, lateness: 0, cost: 0n });
const figures = (t: Tally) => ({
  need: t.need,
  served: t.served,
  shortfall: t.need - t.served,
  lateness: t.lateness,
  cost: t.cost.toString(),
});

/**
 * Computes a plan from its input: the allocation, then what each line receives from which
 * supplier's item in which month (a unit arrives in the later of the month it is made and the
 * line's due month), per nation per month, the shortfall, the fair shares and a sentence per nation.
 */
export async function solvePlan(input: StoredInput, solver: Solver): Promise<StoredResults> {
  const { instance, nations } = buildInstance({
    months: input.months,
    priorities: input.priorities,
    production: input.production,
    lines: input.lines.map((line) => ({
      ...line,
      options: line.options.map((o) => ({ ...o, price: Number(o.price) })),
    })),
  });
  const { shares, flow } = solver === 'network' ? byNetwork(instance) : await byHighs(instance);
  const first = monthIndex(input.firstMonth);
  const lineTally = input.lines.map((l) => ({ ...tally(), need: l.quantity }));
  const deliveries = input.lines.map(() => new Map<string, number>());
  const nationTally = new Map<string, Tally>();
  const nationMonths = new Map<string, Map<string, number>>();
  const total = tally();
  for (const line of input.lines) {
    const t = nationTally.get(line.nation) ?? tally();
    t.need += line.quantity;
    nationTally.set(line.nation, t);
    total.need += line.quantity;
  }
  for (let a = 0; a < flow.length; a++) {
    const units = flow[a]!;
    if (units === 0) continue;
    const l = instance.arcLine[a]!;
    const source = instance.arcSource[a]!;
    const line = input.lines[l]!;
    const production = input.production[instance.sourceProduction[source]!]!;
    const month = monthOf(first + Math.max(instance.sourceMonth[source]!, line.due));
    const late = units * monthsLate(instance, a);
    const cost = BigInt(units) * BigInt(instance.arcPrice[a]!);
    const nation = nationTally.get(line.nation)!;
    for (const t of [lineTally[l]!, nation, total]) {
      t.served += units;
      t.lateness += late;
      t.cost += cost;
    }
    const key = `${month} ${production.supplier} ${production.item}`;
    deliveries[l]!.set(key, (deliveries[l]!.get(key) ?? 0) + units);
    const months = nationMonths.get(line.nation) ?? new Map<string, number>();
    months.set(month, (months.get(month) ?? 0) + units);
    nationMonths.set(line.nation, months);
  }
  const production = Array.from(instance.sourceProduction, (p) => {
    const line = input.production[p]!;
    return `${line.supplier} ${line.item}`;
  });
  const sentences = explanations(instance, shares, flow, { nations, production });
  return {
    totals: figures(total),
    lines: input.lines.map((_, index) => ({
      index,
      ...figures(lineTally[index]!),
      deliveries: [...deliveries[index]!.entries()].sort().map(([key, units]) => {
        const [month = '', supplier = '', item = ''] = key.split(' ');
        return { month, supplier, item, units };
      }),
    })),
    nations: [...nationTally.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([nation, t]) => ({
        nation,
        ...figures(t),
        months: [...(nationMonths.get(nation) ?? new Map<string, number>()).entries()]
          .sort()
          .map(([month, units]) => ({ month, units })),
      })),
    shares: shares.map((s) => ({
      nation: nations[s.nation]!,
      priority: s.priority,
      need: s.need,
      served: shareText(s),
    })),
    explanations: nations
      .map((nation, n) => ({ nation, sentence: sentences[n]! }))
      .sort((a, b) => a.nation.localeCompare(b.nation)),
    capacityAdditions: additionsOf(input, instance, flow),
  };
}
