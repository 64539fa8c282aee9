import type { Executor } from '../platform/db/database.ts';
import { DomainError } from '../platform/errors.ts';
import { candidatesOf, rankLots } from './candidates.ts';
import { ZBidJson } from './events.ts';
import type { Method } from './model/evaluation.ts';
import type { BidEnvelope, Tender } from './model/tender.ts';
import {
  challengesOf,
  clarificationsOf,
  findBid,
  findTender,
  rankingOf,
  revealedBid,
} from './store.ts';

export { bidsOf, findBid, listTenders } from './store.ts';

/** A tender, or 404. */
export async function tenderOr404(db: Executor, id: string): Promise<Tender> {
  const tender = await findTender(db, id);
  if (tender === undefined) throw new DomainError('NOT_FOUND', `No tender ${id}.`);
  return tender;
}

/** A bid's envelope, or 404. */
export async function bidOr404(
  db: Executor,
  tenderId: string,
  bidId: string,
): Promise<BidEnvelope> {
  const bid = await findBid(db, tenderId, bidId);
  if (bid === undefined) throw new DomainError('NOT_FOUND', `No bid ${bidId}.`);
  return bid;
}

/**
 * What an opened bid offers. Before the opening, and for a bid set aside, nobody reads it: the
 * answer is BID_SEALED whoever asks, as there is nothing but ciphertext to read.
 */
export async function bidContent(db: Executor, bid: BidEnvelope) {
  const revealed = bid.state === 'opened' ? await revealedBid(db, bid.id) : undefined;
  if (revealed === undefined) {
    throw new DomainError(
      'BID_SEALED',
      bid.state === 'set-aside'
        ? `The bid was set aside at the opening (${bid.setAsideReason}); its content is not read.`
        : 'The bid is sealed until the tender is opened.',
    );
  }
  const content = ZBidJson.parse(revealed.content);
  return { bid: bid.id, supplier: bid.supplier, lot: bid.lot, ...content };
}

/** A tender's questions and answers; who asked is shown only when `showAsker` says so. */
export async function clarifications(
  db: Executor,
  tenderId: string,
  showAsker: (askedBy: string) => boolean,
) {
  return (await clarificationsOf(db, tenderId)).map((c) => ({
    id: c.id,
    question: c.question,
    askedBy: showAsker(c.asked_by) ? c.asked_by : null,
    askedAt: c.asked_at,
    answer: c.answer,
    answeredAt: c.answered_at,
  }));
}

/** The ranking the last evaluation recorded, per lot. */
export async function ranking(db: Executor, tenderId: string) {
  return (await rankingOf(db, tenderId)).map((r) => ({
    lot: r.lot,
    rank: r.rank,
    bid: r.bid_id,
    supplier: r.supplier,
    price: r.price_minor.toString(),
    score: r.score === null ? null : r.score.toString(),
  }));
}

/** The ranking the opened bids would get under another method: computed, recorded nowhere. */
export async function whatIf(db: Executor, tender: Tender, method: Method) {
  if (!['opened', 'evaluated', 'awarded', 'final'].includes(tender.state)) {
    throw new DomainError('BID_SEALED', 'The bids are sealed until the tender is opened.');
  }
  return rankLots(await candidatesOf(db, tender), method);
}

/** A tender's challenges. */
export async function challenges(db: Executor, tenderId: string) {
  return (await challengesOf(db, tenderId)).map((c) => ({
    id: c.id,
    supplier: c.supplier,
    reason: c.reason,
    documents: c.documents,
    state: c.state,
    decisionReason: c.decision_reason,
    lodgedAt: c.lodged_at,
  }));
}

export { hasDeclared } from './store.ts';
