import { divideRounded } from '../../platform/money.ts';
import { priceListOf, type SupplierTerm } from './agreement.ts';
import { type Tier, tierAt } from './tiers.ts';

export const CALL_OFF_STATES = ['placed', 'confirmed', 'cancelled', 'closed'] as const;
export type CallOffState = (typeof CALL_OFF_STATES)[number];

/** Units to deliver in one month, `YYYY-MM`. */
export interface MonthQuantity {
  month: string;
  quantity: bigint;
}

const BASIS = 10_000n;

/**
 * What a call-off costs in its supplier's currency: quantity × unit price, moved by the price
 * variation agreed in an amendment (basis points), rounded once.
 */
export function callOffValue(quantity: bigint, unitPrice: bigint, variationBp: number): bigint {
  return divideRounded(quantity * unitPrice * (BASIS + BigInt(variationBp)), BASIS);
}

/** Why a delivery schedule does not fit a quantity, or undefined when it does. */
export function scheduleProblem(
  schedule: readonly MonthQuantity[],
  quantity: bigint,
): string | undefined {
  if (schedule.length === 0) return 'a call-off needs at least one delivery month';
  const months = new Set(schedule.map((m) => m.month));
  if (months.size !== schedule.length) return 'each month may appear once';
  if (schedule.some((m) => m.quantity <= 0n)) return 'each month must deliver at least one unit';
  const total = schedule.reduce((sum, m) => sum + m.quantity, 0n);
  if (total !== quantity) return `the months add up to ${total}, not the quantity ${quantity}`;
  return undefined;
}

/** An earlier call-off of the same supplier and item, as far as its price is concerned. */
export interface PricedCallOff {
  id: string;
  quantity: bigint;
  unitPrice: bigint;
  variationBp: number;
}

/** A rebate owed to an earlier call-off because the pooled volume reached a cheaper tier. */
export interface Rebate {
  callOff: string;
  fromUnitPrice: bigint;
  toUnitPrice: bigint;
  /** The value given back, in the supplier's currency. */
  amount: bigint;
}

/**
 * The rebates that a tier price owes: every call-off priced above it comes down to it, and gives
 * back the difference in value. Never the other way: a price only ever falls.
 */
export function rebatesTo(tier: Tier, earlier: readonly PricedCallOff[]): Rebate[] {
  return earlier
    .filter((c) => c.unitPrice > tier.unitPrice)
    .map((c) => ({
      callOff: c.id,
      fromUnitPrice: c.unitPrice,
      toUnitPrice: tier.unitPrice,
      amount:
        callOffValue(c.quantity, c.unitPrice, c.variationBp) -
        callOffValue(c.quantity, tier.unitPrice, c.variationBp),
    }));
}

/** The tier a new call-off is priced at: the one the pooled volume reaches with it included. */
export function tierFor(tiers: readonly Tier[], pooledBefore: bigint, quantity: bigint): Tier {
  return tierAt(tiers, pooledBefore + quantity);
}

/** Units a supplier has committed in each month on one agreement. */
export type MonthlyLoad = ReadonlyMap<string, bigint>;

/** Whether a supplier can take a schedule on top of its load, month by month. */
export function hasCapacity(
  term: Pick<SupplierTerm, 'monthlyCapacity'>,
  load: MonthlyLoad,
  schedule: readonly MonthQuantity[],
): boolean {
  return schedule.every((m) => (load.get(m.month) ?? 0n) + m.quantity <= term.monthlyCapacity);
}

/**
 * The cascade: the best-ranked supplier that prices the item and has capacity left in every month
 * asked, or undefined when none has.
 */
export function cascade(
  terms: readonly SupplierTerm[],
  nsn: string,
  schedule: readonly MonthQuantity[],
  loadOf: (supplier: string) => MonthlyLoad,
): SupplierTerm | undefined {
  return [...terms]
    .sort((a, b) => a.rank - b.rank)
    .find(
      (term) =>
        priceListOf(term, nsn) !== undefined && hasCapacity(term, loadOf(term.supplier), schedule),
    );
}
