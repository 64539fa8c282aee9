import { newId } from '../../platform/ids.ts';
import type { JsonObject, NewEvent } from '../../platform/ledger/model.ts';
import type { PlanningEventPayload, PlanningEventType } from '../events.ts';

/** A new event of the planning context. */
export function event<T extends PlanningEventType>(
  type: T,
  payload: PlanningEventPayload<T>,
): NewEvent {
  return { id: newId(), type, payload: payload as unknown as JsonObject };
}

/** The stream of one production line. */
export const lineStream = (id: string) => `production-line:${id}`;

/** The stream of one plan. */
export const planStream = (id: string) => `plan:${id}`;
