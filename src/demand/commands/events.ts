import { newId } from '../../platform/ids.ts';
import type { JsonObject, NewEvent } from '../../platform/ledger/model.ts';
import type { DemandEventPayload, DemandEventType, TermsPayload } from '../events.ts';
import type { SignalTerms } from '../model/signal.ts';

/** A new event of the demand context. */
export function event<T extends DemandEventType>(
  type: T,
  payload: DemandEventPayload<T>,
): NewEvent {
  return { id: newId(), type, payload: payload as unknown as JsonObject };
}

/** The stream of one signal. */
export const signalStream = (id: string) => `demand-signal:${id}`;

/** Terms as the ledger keeps them: quantities and money as strings of digits. */
export function termsPayload(terms: SignalTerms): TermsPayload {
  return {
    ...terms,
    quantity: terms.quantity.toString(),
    priceCap:
      terms.priceCap === null
        ? null
        : { minor: terms.priceCap.minor.toString(), currency: terms.priceCap.currency },
  };
}
