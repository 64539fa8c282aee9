import type { CommandScope } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { clarificationsOf } from '../store.ts';
import { event, lockedTender, recordOn, requireState, streamOf } from './shared.ts';

/** A supplier asks a question about a published tender; other suppliers never learn who asked. */
export async function askClarification(
  scope: CommandScope,
  input: { tender: string; supplier: string; question: string },
): Promise<string> {
  const tender = await lockedTender(scope, input.tender);
  requireState(tender, 'published');
  const clarification = newId();
  await recordOn(scope, streamOf(tender.id), [
    event('ClarificationAsked', {
      tender: tender.id,
      clarification,
      askedBy: input.supplier,
      question: input.question,
    }),
  ]);
  return clarification;
}

/** The officer answers a question, to every bidder. */
export async function answerClarification(
  scope: CommandScope,
  input: { tender: string; clarification: string; answer: string },
): Promise<void> {
  const tender = await lockedTender(scope, input.tender);
  requireState(tender, 'published', 'closed');
  const question = (await clarificationsOf(scope.trx, tender.id)).find(
    (c) => c.id === input.clarification,
  );
  if (question === undefined)
    throw new DomainError('NOT_FOUND', `No clarification ${input.clarification}.`);
  if (question.answer !== null)
    throw new DomainError('INVALID_TRANSITION', 'The question is answered already.');
  await recordOn(scope, streamOf(tender.id), [
    event('ClarificationAnswered', { ...input, tender: tender.id }),
  ]);
}
