import type { CommandScope } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { candidatesOf, rankLots } from '../candidates.ts';
import { type Method, weightsProblem } from '../model/evaluation.ts';
import { findBid, hasDeclared } from '../store.ts';
import { event, invalid, lockedTender, recordOn, requireState, streamOf } from './shared.ts';

/** An evaluator declares, once per tender, that they have no conflict of interest in it. */
export async function declareNoConflict(
  scope: CommandScope,
  tenderId: string,
  statement: string,
): Promise<void> {
  const tender = await lockedTender(scope, tenderId);
  requireState(tender, 'published', 'closed', 'opened', 'evaluated', 'awarded');
  if (await hasDeclared(scope.trx, tenderId, scope.actor)) {
    throw new DomainError('ALREADY_EXISTS', 'You have declared for this tender already.');
  }
  await recordOn(scope, streamOf(tenderId), [
    event('ConflictOfInterestDeclared', { tender: tenderId, evaluator: scope.actor, statement }),
  ]);
}

/** Refuses an evaluator who has not declared no conflict of interest in the tender. */
async function requireDeclared(
  scope: Pick<CommandScope, 'trx' | 'actor'>,
  tenderId: string,
): Promise<void> {
  if (!(await hasDeclared(scope.trx, tenderId, scope.actor))) {
    throw new DomainError(
      'CONFLICT_NOT_DECLARED',
      'Declare that you have no conflict of interest in this tender first.',
    );
  }
}

/** An evaluator marks one requirement of an opened bid pass or fail, with a justification. */
export async function markRequirement(
  scope: CommandScope,
  input: { tender: string; bid: string; requirement: string; pass: boolean; justification: string },
): Promise<void> {
  const tender = await lockedTender(scope, input.tender);
  requireState(tender, 'opened');
  await requireDeclared(scope, tender.id);
  const bid = await findBid(scope.trx, tender.id, input.bid);
  if (bid === undefined) throw new DomainError('NOT_FOUND', `No bid ${input.bid}.`);
  if (bid.state !== 'opened')
    throw new DomainError('INVALID_TRANSITION', `The bid is ${bid.state}.`);
  const lot = tender.lots.find((l) => l.lot === bid.lot);
  if (!lot?.requirements.some((r) => r.id === input.requirement)) {
    throw invalid('body.requirement', `lot ${bid.lot} has no requirement ${input.requirement}`);
  }
  await recordOn(scope, streamOf(tender.id), [
    event('RequirementMarked', { ...input, tender: tender.id, evaluator: scope.actor }),
  ]);
}

/**
 * Ranks each lot's bids once every requirement of every opened bid is marked: by the tender's
 * method (LPTC unless it says otherwise), non-compliant bids out, ties to the earliest final
 * submission. The ranking, with each evaluated price, goes to the ledger.
 */
export async function evaluateTender(scope: CommandScope, tenderId: string): Promise<void> {
  const tender = await lockedTender(scope, tenderId);
  requireState(tender, 'opened');
  await requireDeclared(scope, tender.id);
  const lots = await candidatesOf(scope.trx, tender);
  const unmarked = lots.flatMap((l) => l.unmarked);
  if (unmarked.length > 0) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `Bids ${unmarked.join(', ')} have unmarked requirements.`,
    );
  }
  const ranking = rankLots(lots, tender.method);
  await recordOn(scope, streamOf(tender.id), [
    event('TenderEvaluated', { tender: tender.id, method: tender.method, ranking }),
  ]);
}

/** Checks a method that a what-if asks about. */
export function requireMethod(method: Method): Method {
  if (method.kind === 'best-value') {
    const problem = weightsProblem(method.weights);
    if (problem !== undefined) throw invalid('body.weights', problem);
  }
  return method;
}
