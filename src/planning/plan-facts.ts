import { priceListOf } from '../agreements/model/agreement.ts';
import { tierAt } from '../agreements/model/tiers.ts';
import {
  agreementAsOf,
  agreementsAsOf,
  listCallOffs,
  type StoredAgreement,
} from '../agreements/queries.ts';
import { findItem, poolingFacts } from '../catalogue/queries.ts';
import { everySignal } from '../demand/queries.ts';
import type { Executor } from '../platform/db/database.ts';
import { DomainError } from '../platform/errors.ts';
import type { Money } from '../platform/money.ts';
import { conversionBy, convert } from '../rates/model.ts';
import { latestRate } from '../rates/queries.ts';
import type {
  CallOffFacts,
  DemandFacts,
  FamilyFacts,
  PlanFacts,
  PricedOption,
} from './plan-input.ts';
import { listLines } from './queries.ts';

/** The horizon of a plan: its first month, how many months, its currency, and today. */
export interface Horizon {
  firstMonth: string;
  months: number;
  currency: string;
  day: string;
}

/** Amounts in the plan's currency, at the latest rate published on or before the plan's day. */
function converter(db: Executor, horizon: Horizon) {
  return async (amount: Money): Promise<bigint> => {
    if (amount.currency === horizon.currency) return amount.minor;
    const rate = await latestRate(db, amount.currency, horizon.currency, horizon.day);
    if (rate === undefined)
      throw new DomainError(
        'EXCHANGE_RATE_MISSING',
        `No ${amount.currency}/${horizon.currency} rate is published on or before ${horizon.day}.`,
      );
    return convert(amount, conversionBy(rate, amount.currency, horizon.currency)).minor;
  };
}

/** Deliveries still owed, month by month: the accepted units count against the earliest months. */
function openMonths(
  schedule: readonly { month: string; quantity: bigint }[],
  accepted: bigint,
): { month: string; quantity: bigint }[] {
  let covered = accepted;
  const open: { month: string; quantity: bigint }[] = [];
  for (const m of [...schedule].sort((a, b) => a.month.localeCompare(b.month))) {
    let taken = m.quantity;
    if (covered < taken) taken = covered;
    covered -= taken;
    if (m.quantity > taken) open.push({ month: m.month, quantity: m.quantity - taken });
  }
  return open;
}

/**
 * The firm call-offs still to deliver (placed or confirmed), each with the suppliers of its
 * agreement that price its item: its own supplier at the call-off's price, another at the tier
 * its open quantity reaches on that supplier's schedule.
 */
async function callOffFacts(
  db: Executor,
  horizon: Horizon,
  inPlanCurrency: (amount: Money) => Promise<bigint>,
): Promise<CallOffFacts[]> {
  const agreements = new Map<string, StoredAgreement | undefined>();
  const families = new Map<string, string>();
  const facts: CallOffFacts[] = [];
  const callOffs = await listCallOffs(db, { limit: Number.MAX_SAFE_INTEGER });
  for (const callOff of callOffs.sort((a, b) => a.id.localeCompare(b.id))) {
    if (callOff.state !== 'placed' && callOff.state !== 'confirmed') continue;
    const open = openMonths(callOff.schedule, callOff.acceptedQuantity);
    if (open.length === 0) continue;
    if (!agreements.has(callOff.agreementId))
      agreements.set(
        callOff.agreementId,
        await agreementAsOf(db, callOff.agreementId, horizon.day),
      );
    if (!families.has(callOff.nsn))
      families.set(callOff.nsn, (await findItem(db, callOff.nsn))?.family ?? '');
    const quantity = open.reduce((sum, m) => sum + m.quantity, 0n);
    const options: PricedOption[] = [];
    for (const term of agreements.get(callOff.agreementId)?.suppliers ?? []) {
      const tiers = priceListOf(term, callOff.nsn);
      if (tiers === undefined) continue;
      const price =
        term.supplier === callOff.supplier
          ? { minor: callOff.unitPrice, currency: callOff.currency }
          : { minor: tierAt(tiers, quantity).unitPrice, currency: term.currency };
      options.push({
        supplier: term.supplier,
        item: callOff.nsn,
        price: await inPlanCurrency(price),
      });
    }
    facts.push({
      id: callOff.id,
      nation: callOff.nation,
      nsn: callOff.nsn,
      family: families.get(callOff.nsn) ?? '',
      open,
      options,
    });
  }
  return facts;
}

/**
 * The price a supplier's item is planned at for demand not yet ordered: the lowest tier price it
 * agreed for the item in any agreement in force, else the catalogue's reference price, else 0.
 */
async function plannedPrices(
  db: Executor,
  horizon: Horizon,
  pairs: readonly { supplier: string; nsn: string }[],
  inPlanCurrency: (amount: Money) => Promise<bigint>,
): Promise<Map<string, bigint>> {
  const agreements = (await agreementsAsOf(db, horizon.day, {})).filter(
    (a) => a.state === 'active',
  );
  const prices = new Map<string, bigint>();
  for (const { supplier, nsn } of pairs) {
    let best: bigint | undefined;
    for (const agreement of agreements) {
      for (const term of agreement.suppliers.filter((t) => t.supplier === supplier)) {
        for (const tier of priceListOf(term, nsn) ?? []) {
          const price = await inPlanCurrency({ minor: tier.unitPrice, currency: term.currency });
          if (best === undefined || price < best) best = price;
        }
      }
    }
    const reference = (await findItem(db, nsn))?.referencePrice ?? null;
    if (best === undefined && reference !== null) best = await inPlanCurrency(reference);
    prices.set(`${supplier} ${nsn}`, best ?? 0n);
  }
  return prices;
}

/** Everything a plan is built from, read from the store as it stands. */
export async function readPlanFacts(db: Executor, horizon: Horizon): Promise<PlanFacts> {
  const inPlanCurrency = converter(db, horizon);
  const production = await listLines(db, {});
  const demand: DemandFacts[] = [];
  for await (const signal of everySignal(db, { state: 'open' })) {
    demand.push({
      id: signal.id,
      nation: signal.nation,
      nsn: signal.nsn,
      family: signal.family,
      platform: signal.platform,
      quantity: signal.quantity,
      neededBy: signal.neededBy,
      firmness: signal.firmness,
    });
  }
  const families = new Map<string, FamilyFacts>();
  for (const family of new Set(demand.map((d) => d.family))) {
    const nations = [...new Set(demand.filter((d) => d.family === family).map((d) => d.nation))];
    families.set(family, await poolingFacts(db, family, nations));
  }
  return {
    firstMonth: horizon.firstMonth,
    months: horizon.months,
    currency: horizon.currency,
    production,
    callOffs: await callOffFacts(db, horizon, inPlanCurrency),
    demand,
    families,
    prices: await plannedPrices(db, horizon, production, inPlanCurrency),
  };
}
