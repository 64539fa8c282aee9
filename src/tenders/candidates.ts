import type { Executor } from '../platform/db/database.ts';
import { DomainError } from '../platform/errors.ts';
import { ZBidJson } from './events.ts';
import { bidOfJson } from './model/bid.ts';
import {
  type Candidate,
  evaluatedPrice,
  isCompliant,
  type Method,
  rank,
} from './model/evaluation.ts';
import type { Tender } from './model/tender.ts';
import { bidsOf, marksOf, revealedBid } from './store.ts';

/** A lot's opened bids as evaluation sees them, with the content they revealed. */
export interface LotCandidates {
  lot: string;
  candidates: Candidate[];
  /** Opened bids with a requirement no evaluator has marked yet. */
  unmarked: string[];
}

/**
 * Builds each lot's candidates from the opened bids: evaluated price at the rate fixed at
 * publication, compliance from the evaluators' marks, and the time of the final submission.
 */
export async function candidatesOf(db: Executor, tender: Tender): Promise<LotCandidates[]> {
  const marks = await marksOf(db, tender.id);
  const opened = (await bidsOf(db, tender.id)).filter((b) => b.state === 'opened');
  const lots: LotCandidates[] = [];
  for (const lot of tender.lots) {
    const requirements = lot.requirements.map((r) => r.id);
    const candidates: Candidate[] = [];
    const unmarked: string[] = [];
    for (const bid of opened.filter((b) => b.lot === lot.lot)) {
      const revealed = await revealedBid(db, bid.id);
      if (revealed === undefined) continue;
      const content = bidOfJson(ZBidJson.parse(revealed.content));
      const conversion = tender.conversions.find((c) => c.from === content.currency);
      if (conversion === undefined) {
        throw new DomainError(
          'EXCHANGE_RATE_MISSING',
          `No rate for ${content.currency} was fixed when the tender was published.`,
        );
      }
      const ofBid = marks.get(bid.id) ?? new Map<string, boolean>();
      if (requirements.some((r) => !ofBid.has(r))) unmarked.push(bid.id);
      candidates.push({
        bid: bid.id,
        supplier: bid.supplier,
        compliant: isCompliant(requirements, ofBid),
        price: evaluatedPrice(content.tiers, lot.quantity, conversion).minor,
        monthlyCapacity: content.monthlyCapacity,
        leadTimeDays: content.leadTimeDays,
        finalSubmittedAt: bid.finalSubmittedAt,
      });
    }
    lots.push({ lot: lot.lot, candidates, unmarked });
  }
  return lots;
}

/** Each lot's ranking under a method, as the ledger and the API carry it (money as digits). */
export function rankLots(lots: readonly LotCandidates[], method: Method) {
  return lots.flatMap(({ lot, candidates }) =>
    rank(candidates, method).map((r) => ({
      lot,
      rank: r.rank,
      bid: r.bid,
      supplier: r.supplier,
      price: r.price.toString(),
      score: r.score === null ? null : r.score.toString(),
    })),
  );
}
