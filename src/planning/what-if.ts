import type { Executor } from '../platform/db/database.ts';
import { type Comparison, comparePlans } from './compare.ts';
import type { StoredInput, StoredResults } from './events.ts';
import { type Horizon, readPlanFacts } from './plan-facts.ts';
import { NO_SCENARIO, planInputOf, type Scenario } from './plan-input.ts';
import { type Solver, solvePlan } from './solve.ts';

/** A plan computed without being kept: its input and results. */
export interface Draft {
  input: StoredInput;
  results: StoredResults;
}

/**
 * A what-if: the plan of the store as it stands, and the same with a scenario applied, computed
 * and compared. Reads only: nothing is stored and nothing appended to the ledger.
 */
export async function whatIf(
  db: Executor,
  horizon: Horizon,
  scenario: Scenario,
  solver: Solver,
  onStage?: (stage: string) => void,
): Promise<{
  base: Draft;
  scenario: Draft;
  comparison: { totals: Comparison; nations: Comparison[] };
}> {
  onStage?.('reading the inputs');
  const facts = await readPlanFacts(db, horizon);
  const baseInput = planInputOf(facts, NO_SCENARIO);
  const scenarioInput = planInputOf(facts, scenario);
  onStage?.('allocating the base plan');
  const base = { input: baseInput, results: await solvePlan(baseInput, solver) };
  onStage?.('allocating the scenario');
  const changed = { input: scenarioInput, results: await solvePlan(scenarioInput, solver) };
  return {
    base,
    scenario: changed,
    comparison: comparePlans(base.results, changed.results),
  };
}
