import type { CommandScope } from '../platform/command.ts';
import { newId } from '../platform/ids.ts';
import type { JsonObject } from '../platform/ledger/model.ts';
import { streamVersion } from '../platform/ledger/store.ts';
import type { RatesPublished } from './events.ts';
import type { Rate } from './model.ts';
import { ratesKnown } from './store.ts';

const STREAM = 'exchange-rates';

/**
 * Publishes exchange rates; a day's rate published again with another value replaces the earlier
 * one, and rates already known as they are append nothing, so a file loaded twice changes nothing.
 * Returns how many rates were new or changed.
 */
export async function publishRates(
  scope: CommandScope,
  rates: readonly Rate[],
  source: string,
): Promise<number> {
  const known = await ratesKnown(scope.trx, rates);
  const fresh = rates.filter((r) => known.get(`${r.base}/${r.quote}/${r.day}`) !== r.rate);
  if (fresh.length === 0) return 0;
  const payload: RatesPublished = { source, rates: fresh };
  await scope.record(STREAM, await streamVersion(scope.trx, STREAM), [
    { id: newId(), type: 'RatesPublished', payload: payload as unknown as JsonObject },
  ]);
  return fresh.length;
}
