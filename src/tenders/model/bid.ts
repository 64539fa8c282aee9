import type { Tier } from '../../agreements/model/tiers.ts';
import { canonicalJson } from '../../platform/ledger/canonical.ts';

/** A supplier's answer to one technical requirement of a lot, with the evidence it points to. */
interface RequirementAnswer {
  requirement: string;
  answer: string;
  evidence: string[];
}

/**
 * What a sealed bid offers for one lot: the item it offers, its price schedule by volume tiers
 * (all-units, in one of the currencies the tender accepts), its monthly capacity, its lead time and
 * its answer to each technical requirement. Nobody reads it before the opening.
 */
export interface BidContent {
  nsn: string;
  currency: string;
  tiers: Tier[];
  monthlyCapacity: bigint;
  leadTimeDays: number;
  answers: RequirementAnswer[];
}

/** A bid's content as JSON: counts and money as strings of digits. */
export function bidJson(content: BidContent) {
  return {
    nsn: content.nsn,
    currency: content.currency,
    tiers: content.tiers.map((t) => ({
      from: t.from.toString(),
      unitPrice: t.unitPrice.toString(),
    })),
    monthlyCapacity: content.monthlyCapacity.toString(),
    leadTimeDays: content.leadTimeDays,
    answers: content.answers.map((a) => ({
      requirement: a.requirement,
      answer: a.answer,
      evidence: [...a.evidence],
    })),
  };
}

/** A bid's content as the JSON `bidJson` gives, back to its domain form. */
export function bidOfJson(json: ReturnType<typeof bidJson>): BidContent {
  return {
    nsn: json.nsn,
    currency: json.currency,
    tiers: json.tiers.map((t) => ({ from: BigInt(t.from), unitPrice: BigInt(t.unitPrice) })),
    monthlyCapacity: BigInt(json.monthlyCapacity),
    leadTimeDays: json.leadTimeDays,
    answers: json.answers,
  };
}

/** The RFC 8785 text a bid's commitment covers: anyone can recompute it once it is opened. */
export function canonicalBid(content: BidContent): string {
  return canonicalJson(bidJson(content));
}
