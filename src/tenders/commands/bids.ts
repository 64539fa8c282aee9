import { scheduleProblem } from '../../agreements/model/tiers.ts';
import { findParty } from '../../parties/queries.ts';
import type { CommandScope } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { BidContent } from '../model/bid.ts';
import { ineligibility } from '../model/eligibility.ts';
import { takesBids } from '../model/lifecycle.ts';
import type { BidEnvelope, Tender } from '../model/tender.ts';
import { sealBid, unwrapTenderKey } from '../sealing.ts';
import {
  bidsOf,
  classesOf,
  deleteSealedBid,
  findBid,
  putSealedBid,
  tenderKeyOf,
} from '../store.ts';
import { event, invalid, lockedTender, recordOn, streamOf } from './shared.ts';

function requireOpenForBids(tender: Tender, now: Date): void {
  if (!takesBids(tender, now)) {
    throw new DomainError(
      'TENDER_CLOSED',
      tender.state === 'published'
        ? `The bid deadline (${tender.bidDeadline}) has passed.`
        : `The tender is ${tender.state}: it takes no bids.`,
    );
  }
}

async function requireEligible(
  scope: CommandScope,
  tender: Tender,
  supplier: string,
): Promise<void> {
  const party = await findParty(scope.trx, supplier);
  const reason = ineligibility(tender.eligibility, {
    supplier,
    country: party?.country ?? null,
    registeredClasses: await classesOf(scope.trx, supplier),
  });
  if (party?.kind !== 'supplier' || reason !== undefined) {
    throw new DomainError('NOT_ELIGIBLE', `${reason ?? `${supplier} is not a supplier`}.`);
  }
}

function requireFits(tender: Tender, lotName: string, content: BidContent): void {
  const lot = tender.lots.find((l) => l.lot === lotName);
  if (lot === undefined) throw invalid('body.lot', `the tender has no lot ${lotName}`);
  if (!lot.items.includes(content.nsn))
    throw invalid('body.nsn', `${content.nsn} is not an item of lot ${lotName}`);
  if (!tender.currencies.includes(content.currency)) {
    throw invalid(
      'body.currency',
      `the tender takes prices in ${tender.currencies.join(', ')} only`,
    );
  }
  const problem = scheduleProblem(content.tiers);
  if (problem !== undefined) throw invalid('body.tiers', problem);
  for (const [i, answer] of content.answers.entries()) {
    if (!lot.requirements.some((r) => r.id === answer.requirement)) {
      throw invalid(
        `body.answers.${i}.requirement`,
        `lot ${lotName} has no requirement ${answer.requirement}`,
      );
    }
  }
}

async function seal(
  scope: CommandScope,
  tender: Tender,
  bidId: string,
  content: BidContent,
  masterKey: Uint8Array,
): Promise<string> {
  const wrapped = await tenderKeyOf(scope.trx, tender.id);
  if (wrapped === undefined) throw new Error(`tender ${tender.id} is published without a key`);
  const { sealed, commitment } = sealBid(
    unwrapTenderKey(masterKey, tender.id, wrapped),
    tender.id,
    bidId,
    content,
  );
  await putSealedBid(scope.trx, tender.id, bidId, sealed);
  return commitment;
}

/** A supplier's own live bid on a tender, or 404. */
async function ownBid(
  scope: CommandScope,
  tenderId: string,
  bidId: string,
  supplier: string,
): Promise<BidEnvelope> {
  const bid = await findBid(scope.trx, tenderId, bidId);
  if (bid === undefined || bid.supplier !== supplier)
    throw new DomainError('NOT_FOUND', `No bid ${bidId}.`);
  if (bid.state === 'withdrawn')
    throw new DomainError('INVALID_TRANSITION', 'The bid was withdrawn.');
  return bid;
}

/**
 * Submits a sealed bid for one lot: the content is encrypted under the tender's key, and only its
 * salted commitment goes to the ledger. One live bid per supplier and lot; replace it to change it.
 */
export async function submitBid(
  scope: CommandScope,
  input: { tender: string; supplier: string; lot: string; content: BidContent },
  masterKey: Uint8Array,
): Promise<string> {
  const tender = await lockedTender(scope, input.tender);
  requireOpenForBids(tender, scope.now);
  await requireEligible(scope, tender, input.supplier);
  requireFits(tender, input.lot, input.content);
  const live = (await bidsOf(scope.trx, tender.id, input.supplier)).find(
    (b) => b.lot === input.lot && b.state !== 'withdrawn',
  );
  if (live !== undefined) {
    throw new DomainError(
      'ALREADY_EXISTS',
      `You have bid ${live.id} on lot ${input.lot} already: replace it.`,
    );
  }
  const bid = newId();
  const commitment = await seal(scope, tender, bid, input.content, masterKey);
  await recordOn(scope, streamOf(tender.id), [
    event('BidSubmitted', {
      tender: tender.id,
      bid,
      lot: input.lot,
      supplier: input.supplier,
      commitment,
      documentsVersion: tender.documentsVersion,
    }),
  ]);
  return bid;
}

/** Replaces a bid's content until the deadline; the bid then counts from this moment. */
export async function replaceBid(
  scope: CommandScope,
  input: { tender: string; bid: string; supplier: string; content: BidContent },
  masterKey: Uint8Array,
): Promise<void> {
  const tender = await lockedTender(scope, input.tender);
  requireOpenForBids(tender, scope.now);
  const bid = await ownBid(scope, tender.id, input.bid, input.supplier);
  requireFits(tender, bid.lot, input.content);
  const commitment = await seal(scope, tender, bid.id, input.content, masterKey);
  await recordOn(scope, streamOf(tender.id), [
    event('BidReplaced', {
      tender: tender.id,
      bid: bid.id,
      commitment,
      documentsVersion: tender.documentsVersion,
    }),
  ]);
}

/** Re-confirms a bid that an amendment of the documents invalidated, as it stands. */
export async function confirmBid(
  scope: CommandScope,
  input: { tender: string; bid: string; supplier: string },
): Promise<void> {
  const tender = await lockedTender(scope, input.tender);
  requireOpenForBids(tender, scope.now);
  const bid = await ownBid(scope, tender.id, input.bid, input.supplier);
  if (bid.state !== 'invalidated') {
    throw new DomainError(
      'INVALID_TRANSITION',
      'The bid stands under the current documents already.',
    );
  }
  await recordOn(scope, streamOf(tender.id), [
    event('BidConfirmed', {
      tender: tender.id,
      bid: bid.id,
      documentsVersion: tender.documentsVersion,
    }),
  ]);
}

/** Withdraws a bid until the deadline; its ciphertext is erased. */
export async function withdrawBid(
  scope: CommandScope,
  input: { tender: string; bid: string; supplier: string },
): Promise<void> {
  const tender = await lockedTender(scope, input.tender);
  requireOpenForBids(tender, scope.now);
  const bid = await ownBid(scope, tender.id, input.bid, input.supplier);
  await deleteSealedBid(scope.trx, bid.id);
  await recordOn(scope, streamOf(tender.id), [
    event('BidWithdrawn', { tender: tender.id, bid: bid.id }),
  ]);
}
