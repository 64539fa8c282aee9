import type { Money } from '../../platform/money.ts';

/** Why a nation needs the items: to refill its stocks, to give them away, or to hold in reserve. */
export const PURPOSES = ['replenish', 'donate', 'reserve'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** Firm demand is a commitment to call off; indicative demand is a forecast. */
export const FIRMNESS = ['firm', 'indicative'] as const;
export type Firmness = (typeof FIRMNESS)[number];

export const SIGNAL_STATES = ['open', 'withdrawn'] as const;
export type SignalState = (typeof SIGNAL_STATES)[number];

/** Priority classes: 1 is the most urgent (the planner serves classes in this order). */
export const PRIORITIES = [1, 2, 3] as const;
export type Priority = (typeof PRIORITIES)[number];

/** What a nation asks for: the part of a signal that a revision may change. */
export interface SignalTerms {
  /** The item asked for, or null when any item of the family will do. */
  nsn: string | null;
  family: string;
  /** The platform the line is for, or null for all of the nation's platforms of the family. */
  platform: string | null;
  quantity: bigint;
  /** `YYYY-MM`. */
  neededBy: string;
  purpose: Purpose;
  /** The nation the items are donated to; only for `donate`. */
  recipient: string | null;
  priority: Priority;
  /** The most the nation will pay per unit, if it says. */
  priceCap: Money | null;
  firmness: Firmness;
}

/** A demand signal: one line of a nation's need. */
export interface Signal extends SignalTerms {
  id: string;
  nation: string;
  state: SignalState;
  /** The nation's own reference for the line (a row of its planning sheet), if it gave one. */
  reference: string | null;
  /** What makes an import of the same line again a no-op: its reference, or a hash of its content. */
  importKey: string;
  /** 1 when posted, one more at each revision. */
  revision: number;
  postedAt: string;
  updatedAt: string;
}

/** One problem with the terms, by field, in words a nation representative reads. */
export interface TermsProblem {
  field: keyof SignalTerms;
  message: string;
}

/** The problems with a signal's terms that need no catalogue to see, none when they hold. */
export function termsProblems(terms: SignalTerms, nation: string): TermsProblem[] {
  const problems: TermsProblem[] = [];
  if (terms.quantity <= 0n) problems.push({ field: 'quantity', message: 'must be at least 1' });
  if (terms.purpose === 'donate' && terms.recipient === null)
    problems.push({ field: 'recipient', message: 'a donation names the nation it goes to' });
  if (terms.purpose !== 'donate' && terms.recipient !== null)
    problems.push({ field: 'recipient', message: 'only a donation has a recipient' });
  if (terms.recipient !== null && terms.recipient === nation)
    problems.push({ field: 'recipient', message: 'a nation does not donate to itself' });
  if (terms.priceCap !== null && terms.priceCap.minor <= 0n)
    problems.push({ field: 'priceCap', message: 'a price cap is more than zero' });
  return problems;
}

/** Why a signal cannot be revised or withdrawn, or undefined when it can. */
export function closedForChange(signal: Pick<Signal, 'state'>): string | undefined {
  return signal.state === 'withdrawn' ? 'the signal has been withdrawn' : undefined;
}

/** Whether two sets of terms say the same thing (a revision to the same terms is refused). */
export function sameTerms(a: SignalTerms, b: SignalTerms): boolean {
  return (
    a.nsn === b.nsn &&
    a.family === b.family &&
    a.platform === b.platform &&
    a.quantity === b.quantity &&
    a.neededBy === b.neededBy &&
    a.purpose === b.purpose &&
    a.recipient === b.recipient &&
    a.priority === b.priority &&
    a.priceCap?.minor === b.priceCap?.minor &&
    a.priceCap?.currency === b.priceCap?.currency &&
    a.firmness === b.firmness
  );
}
