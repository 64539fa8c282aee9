import type { Projector } from '../platform/ledger/projector.ts';
import { demandEvents, type TermsPayload } from './events.ts';
import type { SignalTerms } from './model/signal.ts';
import {
  DEMAND_TABLES,
  insertSignals,
  reviseSignalRow,
  setSharingRow,
  withdrawSignalRow,
} from './store.ts';

/** A signal's terms from the ledger's strings of digits. */
function termsOf(payload: TermsPayload): SignalTerms {
  return {
    ...payload,
    quantity: BigInt(payload.quantity),
    priceCap:
      payload.priceCap === null
        ? null
        : { minor: BigInt(payload.priceCap.minor), currency: payload.priceCap.currency },
  };
}

/** Keeps the demand tables in step with the ledger; a run of postings is one multi-row insert. */
export const demandProjector: Projector = {
  name: 'demand',
  tables: DEMAND_TABLES,
  async project(trx, events) {
    let posted: Parameters<typeof insertSignals>[1][number][] = [];
    const flush = async () => {
      await insertSignals(trx, posted);
      posted = [];
    };
    for (const event of events) {
      switch (event.type) {
        case 'SignalPosted': {
          const p = demandEvents.SignalPosted.parse(event.payload);
          posted.push({
            signal: {
              id: p.signal,
              nation: p.nation,
              reference: p.reference,
              importKey: p.importKey,
              ...termsOf(p.terms),
              state: 'open',
              revision: 1,
              postedAt: event.recordedAt,
              updatedAt: event.recordedAt,
            },
            eventId: event.id,
          });
          continue;
        }
        case 'SignalRevised': {
          await flush();
          const p = demandEvents.SignalRevised.parse(event.payload);
          await reviseSignalRow(trx, p.signal, termsOf(p.terms), event.recordedAt, event.id);
          continue;
        }
        case 'SignalWithdrawn': {
          await flush();
          const p = demandEvents.SignalWithdrawn.parse(event.payload);
          await withdrawSignalRow(trx, p.signal, event.recordedAt, event.id);
          continue;
        }
        case 'SharingSet': {
          const p = demandEvents.SharingSet.parse(event.payload);
          await setSharingRow(trx, p.nation, p.share, event.id);
          continue;
        }
      }
    }
    await flush();
  },
};
