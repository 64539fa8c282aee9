import { isDeepStrictEqual } from 'node:util';
import { type Comparison, comparePlans } from './compare.ts';
import { type Solver, solvePlan } from './solve.ts';
import type { StoredPlan } from './store.ts';

/** A stored plan computed again from its own input, set beside what was stored. */
export interface Recomputation {
  solver: Solver;
  /** Every result the same: each delivery, share, sentence and capacity addition. */
  identical: boolean;
  /** The pool's need, units served, shortfall, lateness and cost the same. */
  sameTotals: boolean;
  comparison: { totals: Comparison; nations: Comparison[] };
}

/**
 * Computes a stored plan again from the input it keeps (decision 0009), by its own solver or the
 * other one, so that anyone reading a plan can check that its results follow from its inputs.
 * Another solver may pick another of several equally good schedules: its totals are then the
 * ones to compare.
 */
export async function recomputePlan(
  plan: StoredPlan,
  solver: Solver = plan.solver,
): Promise<Recomputation> {
  const results = await solvePlan(plan.input, solver);
  return {
    solver,
    identical: isDeepStrictEqual(results, plan.results),
    sameTotals: isDeepStrictEqual(results.totals, plan.results.totals),
    comparison: comparePlans(plan.results, results),
  };
}
