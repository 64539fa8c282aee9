import type { Conversion } from '../../rates/model.ts';
import type { EligibilityRules } from './eligibility.ts';
import type { Method } from './evaluation.ts';
import type { TenderState } from './lifecycle.ts';

/** A technical requirement of a lot, marked pass or fail for each bid. */
export interface Requirement {
  id: string;
  text: string;
}

/**
 * One lot of a tender: items (or an interchangeable group of them), the pooled quantity, the
 * nations taking part, the technical requirements, and the framework terms its award becomes.
 */
export interface Lot {
  lot: string;
  title: string;
  items: string[];
  quantity: bigint;
  nations: string[];
  requirements: Requirement[];
  /** Minor units of the tender's currency: the framework agreement's ceiling. */
  ceiling: bigint;
  durationMonths: number;
  /** How many suppliers the lot awards (top-N of the ranking). */
  awards: number;
  agreementId: string | null;
}

/** A supplier a lot awards, at its place in the ranking. */
interface Awardee {
  lot: string;
  rank: number;
  bid: string;
  supplier: string;
  price: bigint;
}

/** A tender as its commands see it. */
export interface Tender {
  id: string;
  title: string;
  currency: string;
  /** The currencies bids may be priced in; each converts at the rate fixed at publication. */
  currencies: string[];
  state: TenderState;
  bidDeadline: string;
  standstillDays: number;
  standstillEndsAt: string | null;
  eligibility: EligibilityRules;
  conversions: Conversion[];
  method: Method;
  documents: string;
  documentsVersion: number;
  publishedAt: string | null;
  cancelReason: string | null;
  award: Awardee[] | null;
  awardProposedBy: string | null;
  lots: Lot[];
}

export const BID_STATES = ['submitted', 'invalidated', 'withdrawn', 'opened', 'set-aside'] as const;
/** `invalidated`: the documents changed after it was submitted; it counts once re-confirmed. */
export type BidState = (typeof BID_STATES)[number];

/** What anyone allowed to see a bid sees of it before the opening: who bid, when, and its commitment. */
export interface BidEnvelope {
  id: string;
  tender: string;
  lot: string;
  supplier: string;
  state: BidState;
  commitment: string;
  submittedAt: string;
  /** When the bid took its final form: its last replacement or re-confirmation. */
  finalSubmittedAt: string;
  documentsVersion: number;
  setAsideReason: string | null;
  setAsideDetail: string | null;
}

/** The standstill's end: `days` after the award's approval. */
export function standstillEnd(approvedAt: Date, days: number): string {
  return new Date(approvedAt.getTime() + days * 86_400_000).toISOString();
}

/** The first day after `day` plus `months` months, less a day: a framework's last day. */
export function lastDayAfter(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y, m - 1 + months, d) - 86_400_000);
  return end.toISOString().slice(0, 10);
}
