import type { Executor } from '../platform/db/database.ts';
import type { Rate } from './model.ts';

interface ExchangeRatesTable {
  base: string;
  quote: string;
  day: string;
  rate: string;
  source: string;
  event_id: string;
}

declare module '../platform/db/database.ts' {
  interface Database {
    exchange_rates: ExchangeRatesTable;
  }
}

export const RATE_TABLES = ['exchange_rates'] as const;

/** Writes rates, a later publication of a day's rate replacing the earlier one. */
export async function upsertRates(
  db: Executor,
  rates: readonly Rate[],
  source: string,
  eventId: string,
): Promise<void> {
  if (rates.length === 0) return;
  await db
    .insertInto('exchange_rates')
    .values(rates.map((r) => ({ ...r, source, event_id: eventId })))
    .onConflict((oc) =>
      oc.columns(['base', 'quote', 'day']).doUpdateSet((eb) => ({
        rate: eb.ref('excluded.rate'),
        source: eb.ref('excluded.source'),
        event_id: eb.ref('excluded.event_id'),
      })),
    )
    .execute();
}

/** The rates already stored for these pairs and days, keyed `BASE/QUOTE/DAY`. */
export async function ratesKnown(
  db: Executor,
  rates: readonly Rate[],
): Promise<Map<string, string>> {
  if (rates.length === 0) return new Map();
  const rows = await db
    .selectFrom('exchange_rates')
    .select(['base', 'quote', 'day', 'rate'])
    .where((eb) =>
      eb.or(
        rates.map((r) =>
          eb.and([eb('base', '=', r.base), eb('quote', '=', r.quote), eb('day', '=', r.day)]),
        ),
      ),
    )
    .execute();
  return new Map(rows.map((r) => [`${r.base}/${r.quote}/${r.day}`, r.rate]));
}

/**
 * The latest rate published on or before `day` between two currencies, whichever way round it was
 * published.
 */
export async function latestRate(
  db: Executor,
  a: string,
  b: string,
  day: string,
): Promise<Rate | undefined> {
  return db
    .selectFrom('exchange_rates')
    .select(['day', 'base', 'quote', 'rate'])
    .where((eb) =>
      eb.or([
        eb.and([eb('base', '=', a), eb('quote', '=', b)]),
        eb.and([eb('base', '=', b), eb('quote', '=', a)]),
      ]),
    )
    .where('day', '<=', day)
    .orderBy('day', 'desc')
    .orderBy('base')
    .limit(1)
    .executeTakeFirst();
}

/** Rates, newest first, optionally of one currency. */
export async function listRates(
  db: Executor,
  filter: { currency?: string; limit: number },
): Promise<Rate[]> {
  let query = db.selectFrom('exchange_rates').select(['day', 'base', 'quote', 'rate']);
  const currency = filter.currency;
  if (currency !== undefined) {
    query = query.where((eb) => eb.or([eb('base', '=', currency), eb('quote', '=', currency)]));
  }
  return query
    .orderBy('day', 'desc')
    .orderBy('base')
    .orderBy('quote')
    .limit(filter.limit)
    .execute();
}
