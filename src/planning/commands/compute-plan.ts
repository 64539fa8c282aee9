import type { CommandScope } from '../../platform/command.ts';
import { newId } from '../../platform/ids.ts';
import { readHead } from '../../platform/ledger/store.ts';
import { type Horizon, readPlanFacts } from '../plan-facts.ts';
import { planInputOf } from '../plan-input.ts';
import { type Solver, solvePlan } from '../solve.ts';
import { event, planStream } from './events.ts';

/**
 * Computes a plan from the store as it stands and keeps it: one "plan computed" event with the
 * ledger position its inputs were read at (the head's seq), the inputs themselves, so that it can
 * be computed again and compared, and the results. Returns the plan's id.
 */
export async function computePlan(
  scope: CommandScope,
  horizon: Horizon,
  solver: Solver,
  onStage?: (stage: string) => void,
): Promise<string> {
  const inputsAt = (await readHead(scope.trx))?.seq ?? 0n;
  onStage?.('reading the inputs');
  const input = planInputOf(await readPlanFacts(scope.trx, horizon));
  onStage?.(`allocating with ${solver === 'network' ? 'the network allocator' : 'HiGHS'}`);
  const results = await solvePlan(input, solver);
  onStage?.('storing the plan');
  const id = newId();
  await scope.record(planStream(id), 0n, [
    event('PlanComputed', { plan: id, inputsAt: inputsAt.toString(), solver, input, results }),
  ]);
  return id;
}
