import type { Tier } from './tiers.ts';

export const AGREEMENT_STATES = ['draft', 'active', 'suspended', 'expired', 'closed'] as const;
export type AgreementState = (typeof AGREEMENT_STATES)[number];

/** The states an officer moves an agreement to; `expired` comes with the calendar, not by hand. */
export const SETTABLE_STATES = ['active', 'suspended', 'closed'] as const;
export type SettableState = (typeof SETTABLE_STATES)[number];

const TRANSITIONS: Record<AgreementState, readonly SettableState[]> = {
  draft: ['active', 'closed'],
  active: ['suspended', 'closed'],
  suspended: ['active', 'closed'],
  expired: ['closed'],
  closed: [],
};

/** What one awarded supplier agreed to: its rank in the cascade, its prices and its capacity. */
export interface SupplierTerm {
  supplier: string;
  /** 1 is called first when a call-off names no supplier. */
  rank: number;
  /** The currency of its prices; call-offs convert to the agreement's for the ceiling. */
  currency: string;
  /** Units it can deliver in one month, over all the agreement's items. */
  monthlyCapacity: bigint;
  prices: { nsn: string; tiers: Tier[] }[];
}

/** A participating nation, and the part of the ceiling it may use if it is capped. */
interface Participant {
  nation: string;
  subCeiling: bigint | null;
}

/** A framework agreement: one per tender lot, under one ceiling. */
export interface Agreement {
  id: string;
  title: string;
  /** The tender lot it came from, or null when it was made elsewhere and entered by hand. */
  lot: string | null;
  currency: string;
  /** Minor units of `currency`: what all call-offs together may commit, net of rebates. */
  ceiling: bigint;
  /** First and last day of validity, `YYYY-MM-DD`, inclusive. */
  validFrom: string;
  validTo: string;
  state: AgreementState;
  /** How far an amendment may move a call-off's price, in basis points either way (1000 = 10 %). */
  priceVariationBoundBp: number;
  items: string[];
  nations: Participant[];
  suppliers: SupplierTerm[];
}

/** The state as of a day: an agreement past its last day has expired, whatever was recorded. */
export function stateOn(
  agreement: Pick<Agreement, 'state' | 'validTo'>,
  day: string,
): AgreementState {
  const live = agreement.state === 'active' || agreement.state === 'suspended';
  return live && day > agreement.validTo ? 'expired' : agreement.state;
}

/** Whether an officer may move an agreement from one state to another. */
export function mayMove(from: AgreementState, to: SettableState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Why call-offs cannot be placed or amended on a day, or undefined when they can. */
export function closedForCallOffs(
  agreement: Pick<Agreement, 'state' | 'validFrom' | 'validTo'>,
  day: string,
): string | undefined {
  const state = stateOn(agreement, day);
  if (state !== 'active') return `the agreement is ${state}`;
  if (day < agreement.validFrom) return `the agreement is valid from ${agreement.validFrom}`;
  return undefined;
}

/** The term of a supplier that prices an item, if any. */
export function priceListOf(term: SupplierTerm, nsn: string): Tier[] | undefined {
  return term.prices.find((p) => p.nsn === nsn)?.tiers;
}
