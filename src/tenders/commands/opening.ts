import type { CommandScope } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import type { NewEvent } from '../../platform/ledger/model.ts';
import type { TenderEventPayload } from '../events.ts';
import { bidJson } from '../model/bid.ts';
import { dueMove } from '../model/lifecycle.ts';
import type { Tender } from '../model/tender.ts';
import { openBid, unwrapTenderKey } from '../sealing.ts';
import { bidsOf, sealedBidsOf, tenderKeyOf } from '../store.ts';
import { event, lockedTender, recordOn, requireState, streamOf } from './shared.ts';

/** The close a published tender is due at its deadline, as an event, if it is due. */
function closingDue(tender: Tender, now: Date): NewEvent[] {
  const due = dueMove({ ...tender, pendingChallenges: 0 }, now);
  return due === 'closed' ? [event('TenderClosed', { tender: tender.id })] : [];
}

/** Closes a published tender whose bid deadline has passed (the scheduler's and `tick`'s step). */
export async function closeTender(scope: CommandScope, id: string): Promise<boolean> {
  const tender = await lockedTender(scope, id);
  const events = closingDue(tender, scope.now);
  if (events.length === 0) return false;
  await recordOn(scope, streamOf(id), events);
  return true;
}

/**
 * Opens a tender after its deadline: decrypts each bid, reveals its salt and content, and checks
 * them against the commitment recorded at submission. A bid that does not decrypt, one that is not
 * what was committed to, and one left invalidated by an amendment are set aside, each for its own
 * reason; the others proceed to evaluation. Everything revealed goes to the ledger, so that anyone
 * can recompute each commitment.
 */
export async function openTender(
  scope: CommandScope,
  id: string,
  masterKey: Uint8Array,
): Promise<TenderEventPayload<'TenderOpened'>> {
  const tender = await lockedTender(scope, id);
  const closing = closingDue(tender, scope.now);
  if (closing.length === 0) requireState(tender, 'closed');
  const wrapped = await tenderKeyOf(scope.trx, id);
  if (wrapped === undefined)
    throw new DomainError('INVALID_TRANSITION', 'The tender was never published.');
  const key = unwrapTenderKey(masterKey, id, wrapped);
  const sealed = await sealedBidsOf(scope.trx, id);
  const opening: TenderEventPayload<'TenderOpened'> = { tender: id, opened: [], setAside: [] };
  for (const bid of await bidsOf(scope.trx, id)) {
    if (bid.state === 'withdrawn') continue;
    if (bid.state === 'invalidated') {
      opening.setAside.push({
        bid: bid.id,
        reason: 'not-confirmed',
        detail: `the documents were amended after the bid, and it was not re-confirmed (version ${bid.documentsVersion})`,
      });
      continue;
    }
    const ciphertext = sealed.get(bid.id);
    const result =
      ciphertext === undefined
        ? ({
            kind: 'set-aside',
            reason: 'undecryptable',
            detail: 'no ciphertext is stored for the bid',
          } as const)
        : openBid(key, id, bid.id, ciphertext, bid.commitment);
    if (result.kind === 'opened') {
      opening.opened.push({ bid: bid.id, salt: result.salt, content: bidJson(result.content) });
    } else {
      opening.setAside.push({ bid: bid.id, reason: result.reason, detail: result.detail });
    }
  }
  await recordOn(scope, streamOf(id), [...closing, event('TenderOpened', opening)]);
  return opening;
}
