// biome-ignore-all lint/style/noNonNullAssertion: indices into the typed arrays are in range by construction.
import { claimantOf, monthsLate, needs, type PlanningInstance } from '../model/instance.ts';
import type { ClaimBounds } from '../model/schedule.ts';
import { type LinearProgram, type LpSolver, RowBuilder } from './linear-program.ts';

/**
 * The allocation written as a plain sequence of linear programs, for a general LP solver: the
 * check on the network allocator, and the `--solver highs` path. Columns are the arcs' flows
 * (plus the common share t in the fairness stages); rows are source capacities, line quantities
 * and each (nation, class) pair's served units.
 */

/** A fractional amount the solvers' tolerances cannot make up: 1e-6 of the amount, or of 1. */
function slack(amount: number): number {
  return 1e-6 * Math.max(1, Math.abs(amount));
}

function optimum(solve: LpSolver, program: LinearProgram, what: string) {
  const outcome = solve(program);
  if (outcome.status !== 'optimal')
    throw new Error(`${what}: ${outcome.status} (${outcome.detail})`);
  return outcome;
}

/** The arcs grouped by source, by line and by (nation, class) pair. */
function incidence(instance: PlanningInstance) {
  const bySource: number[][] = Array.from(instance.sourceCapacity, () => []);
  const byLine: number[][] = Array.from(instance.lineQuantity, () => []);
  const byClaimant: number[][] = Array.from(
    { length: instance.nations * instance.priorities },
    () => [],
  );
  for (let a = 0; a < instance.arcSource.length; a++) {
    const line = instance.arcLine[a]!;
    bySource[instance.arcSource[a]!]!.push(a);
    byLine[line]!.push(a);
    byClaimant[claimantOf(instance, line)]!.push(a);
  }
  return { bySource, byLine, byClaimant };
}

type Incidence = ReturnType<typeof incidence>;

/** Source and line rows, on arcs limited to their line's quantity (zero where `open` says no). */
function capacityRows(instance: PlanningInstance, arcs: Incidence, rows: RowBuilder) {
  arcs.bySource.forEach((list, s) => {
    if (list.length > 0)
      rows.add(
        0,
        instance.sourceCapacity[s]!,
        list,
        list.map(() => 1),
      );
  });
  arcs.byLine.forEach((list, l) => {
    if (list.length > 0)
      rows.add(
        0,
        instance.lineQuantity[l]!,
        list,
        list.map(() => 1),
      );
  });
}

/**
 * Max–min fair shares by progressive filling, one LP per step: the highest common share t of the
 * nations still rising; then which of them can rise further with every other at t (one LP for
 * all, then one per nation that LP left in doubt); those that cannot stop at t.
 * Returns served units per (nation, class) pair, NaN where the pair needs nothing.
 */
export function referenceFairShares(instance: PlanningInstance, solve: LpSolver): Float64Array {
  const arcs = incidence(instance);
  const need = needs(instance);
  const columns = instance.arcSource.length + 1;
  const t = columns - 1;
  const served = new Float64Array(need.length).fill(Number.NaN);
  const priorityOf = (c: number) => Math.floor(c / instance.nations);

  for (let priority = 0; priority < instance.priorities; priority++) {
    const active = new Set<number>();
    need.forEach((n, c) => {
      if (n > 0 && priorityOf(c) === priority) active.add(c);
    });
    const program = (level: number | undefined, objective: Float64Array) => {
      const rows = new RowBuilder();
      capacityRows(instance, arcs, rows);
      const upper = new Float64Array(columns);
      for (let a = 0; a < columns - 1; a++) {
        const line = instance.arcLine[a]!;
        upper[a] = instance.linePriority[line]! <= priority ? instance.lineQuantity[line]! : 0;
      }
      upper[t] = level ?? 1;
      const lower = new Float64Array(columns);
      lower[t] = level ?? 0;
      need.forEach((n, c) => {
        const list = arcs.byClaimant[c]!;
        if (n === 0 || priorityOf(c) > priority) return;
        if (active.has(c)) {
          rows.add(0, Number.POSITIVE_INFINITY, [...list, t], [...list.map(() => 1), -n]);
        } else {
          rows.add(
            served[c]!,
            served[c]!,
            list,
            list.map(() => 1),
          );
        }
      });
      return rows.program('maximise', objective, lower, upper);
    };
    const claimCost = (claimants: Iterable<number>) => {
      const cost = new Float64Array(columns);
      for (const c of claimants) for (const a of arcs.byClaimant[c]!) cost[a] = 1;
      return cost;
    };

    while (active.size > 0) {
      const shareCost = new Float64Array(columns);
      shareCost[t] = 1;
      const level = optimum(solve, program(undefined, shareCost), 'fair share').objective;
      if (level >= 1 - 1e-9) {
        for (const c of active) served[c] = need[c]!;
        break;
      }
      const claimTotal = (values: Float64Array, c: number) =>
        arcs.byClaimant[c]!.reduce((sum, a) => sum + values[a]!, 0);
      const together = optimum(solve, program(level, claimCost(active)), 'rising nations');
      const stopping = [...active].filter((c) => {
        const held = level * need[c]!;
        if (claimTotal(together.values, c) > held + slack(held)) return false;
        const alone = optimum(solve, program(level, claimCost([c])), 'one nation rising');
        return alone.objective <= held + slack(held);
      });
      if (stopping.length === 0) throw new Error('progressive filling found no nation to stop');
      for (const c of stopping) {
        served[c] = level * need[c]!;
        active.delete(c);
      }
    }
  }
  return served;
}

/** The whole-unit schedule from the LP solver: its flows and their stage values. */
export interface ReferenceSchedule {
  units: number;
  lateness: number;
  cost: number;
  flow: Float64Array;
}

/**
 * Within the given bounds per (nation, class) pair: the most units, then the least lateness with
 * units held, then the least cost with lateness held. The optimum of each stage lies on a face of
 * a network polytope with whole-number data, so it is a whole number, and is held exactly.
 */
export function referenceSchedule(
  instance: PlanningInstance,
  bounds: ClaimBounds,
  solve: LpSolver,
): ReferenceSchedule {
  const arcs = incidence(instance);
  const columns = instance.arcSource.length;
  const rows = new RowBuilder();
  capacityRows(instance, arcs, rows);
  arcs.byClaimant.forEach((list, c) => {
    if (list.length > 0 || bounds.upper[c]! > 0) {
      rows.add(
        bounds.lower[c]!,
        bounds.upper[c]!,
        list,
        list.map(() => 1),
      );
    }
  });
  const all = Int32Array.from({ length: columns }, (_, a) => a);
  const lateness = Float64Array.from(all, (a) => monthsLate(instance, a));
  const unitsRow = rows.add(
    Number.NEGATIVE_INFINITY,
    Number.POSITIVE_INFINITY,
    all,
    all.map(() => 1),
  );
  const latenessRow = rows.add(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, all, lateness);
  const lower = new Float64Array(columns);
  const upper = Float64Array.from(all, (a) => instance.lineQuantity[instance.arcLine[a]!]!);

  const units = Math.round(
    optimum(
      solve,
      rows.program('maximise', new Float64Array(columns).fill(1), lower, upper),
      'units',
    ).objective,
  );
  rows.bound(unitsRow, units, Number.POSITIVE_INFINITY);
  const late = Math.round(
    optimum(solve, rows.program('minimise', lateness, lower, upper), 'lateness').objective,
  );
  rows.bound(latenessRow, Number.NEGATIVE_INFINITY, late);
  const last = optimum(solve, rows.program('minimise', instance.arcPrice, lower, upper), 'cost');
  // The stage values are the integral schedule's own, not the solver's objectives: those carry
  // its tolerances, which at a cost of 10^13 cents amount to a few cents.
  const flow = last.values.map(Math.round);
  let unitsServed = 0;
  let unitMonthsLate = 0;
  let cost = 0;
  flow.forEach((f, a) => {
    unitsServed += f;
    unitMonthsLate += f * lateness[a]!;
    cost += f * instance.arcPrice[a]!;
  });
  return { units: unitsServed, lateness: unitMonthsLate, cost, flow };
}

/**
 * Whole-unit bounds from floating-point shares: floor and ceiling, with the solver's tolerance
 * absorbed, so that 3.9999999 counts as 4.
 */
export function roundedBounds(served: Float64Array): ClaimBounds {
  const lower = served.map((x) => (Number.isNaN(x) ? 0 : Math.floor(x + 1e-6)));
  const upper = served.map((x) => (Number.isNaN(x) ? 0 : Math.ceil(x - 1e-6)));
  return { lower, upper };
}
