import type { Projector } from '../platform/ledger/projector.ts';
import { rateEvents } from './events.ts';
import { RATE_TABLES, upsertRates } from './store.ts';

/** Keeps the exchange rates table in step with the ledger. */
export const ratesProjector: Projector = {
  name: 'rates',
  tables: RATE_TABLES,
  async project(trx, events) {
    for (const event of events) {
      if (event.type !== 'RatesPublished') continue;
      const { rates, source } = rateEvents.RatesPublished.parse(event.payload);
      await upsertRates(trx, rates, source, event.id);
    }
  },
};
