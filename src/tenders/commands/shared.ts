import type { CommandScope } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { JsonObject, NewEvent } from '../../platform/ledger/model.ts';
import { streamVersion } from '../../platform/ledger/store.ts';
import type { TenderEventPayload, TenderEventType } from '../events.ts';
import { mayMove, type TenderState } from '../model/lifecycle.ts';
import type { Tender } from '../model/tender.ts';
import { lockTender } from '../store.ts';

export function event<T extends TenderEventType>(
  type: T,
  payload: TenderEventPayload<T>,
): NewEvent {
  return { id: newId(), type, payload: payload as unknown as JsonObject };
}

/** Appends events on a stream at the version it stands at (the command holds its row's lock). */
export async function recordOn(
  scope: CommandScope,
  stream: string,
  events: readonly NewEvent[],
): Promise<void> {
  await scope.record(stream, await streamVersion(scope.trx, stream), events);
}

/** The ledger stream of a tender. */
export const streamOf = (tenderId: string) => `tender:${tenderId}`;

/** Locks a tender for the command, or answers 404. */
export async function lockedTender(scope: CommandScope, id: string): Promise<Tender> {
  const tender = await lockTender(scope.trx, id);
  if (tender === undefined) throw new DomainError('NOT_FOUND', `No tender ${id}.`);
  return tender;
}

/** Refuses a step that the tender's state does not allow. */
export function requireState(tender: Tender, ...states: TenderState[]): void {
  if (!states.includes(tender.state)) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `The tender is ${tender.state}; this needs it ${states.join(' or ')}.`,
    );
  }
}

/** Refuses a move the lifecycle does not allow. */
export function requireMove(tender: Tender, to: TenderState): void {
  if (!mayMove(tender.state, to)) {
    throw new DomainError(
      'INVALID_TRANSITION',
      `A tender that is ${tender.state} cannot become ${to}.`,
    );
  }
}

export function invalid(path: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${path}: ${message}.`, [{ path, message }]);
}

/** The master key, which sealing and opening need; a process started without it cannot. */
export function requireMasterKey(masterKey: Uint8Array | undefined): Uint8Array {
  if (masterKey === undefined) {
    throw new Error('no master key: set QM_MASTER_KEY, or start from the data dir that holds it');
  }
  return masterKey;
}
