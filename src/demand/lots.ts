import { agreementsAsOf } from '../agreements/queries.ts';
import { poolingFacts } from '../catalogue/queries.ts';
import type { Executor } from '../platform/db/database.ts';
import {
  aggregate,
  type FamilyFacts,
  type Lot,
  type PeriodMonths,
  type PriceSchedule,
} from './model/aggregation.ts';
import { openSignals } from './store.ts';

/** The tier schedules of the agreements in force on a day, item by item. */
async function schedulesInForce(db: Executor, day: string): Promise<PriceSchedule[]> {
  const agreements = (await agreementsAsOf(db, day, {})).filter((a) => a.state === 'active');
  return agreements.flatMap((a) =>
    a.suppliers.flatMap((s) =>
      s.prices.map((p) => ({
        agreement: a.id,
        supplier: s.supplier,
        nsn: p.nsn,
        currency: s.currency,
        tiers: p.tiers,
      })),
    ),
  );
}

/**
 * The proposed lots of every open signal, as of a day: pooled over the catalogue's interchangeable
 * groups and delivery periods, with the tier schedules of the agreements in force that day.
 */
export async function proposedLots(
  db: Executor,
  options: { day: string; periodMonths: PeriodMonths },
): Promise<Lot[]> {
  const signals = await openSignals(db);
  const nationsByFamily = new Map<string, Set<string>>();
  for (const s of signals) {
    const nations = nationsByFamily.get(s.family) ?? new Set<string>();
    nations.add(s.nation);
    nationsByFamily.set(s.family, nations);
  }
  const facts = new Map<string, FamilyFacts>();
  for (const [family, nations] of nationsByFamily)
    facts.set(family, await poolingFacts(db, family, [...nations].sort()));
  return aggregate(signals, facts, await schedulesInForce(db, options.day), options.periodMonths);
}
