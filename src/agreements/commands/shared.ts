import type { CommandScope } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { JsonObject, NewEvent } from '../../platform/ledger/model.ts';
import { streamVersion } from '../../platform/ledger/store.ts';
import { type Money, textOf } from '../../platform/money.ts';
import { type Conversion, conversionBy, identity } from '../../rates/model.ts';
import { latestRate } from '../../rates/queries.ts';
import type { AgreementEventPayload, AgreementEventType } from '../events.ts';
import { lockAgreement, type StoredAgreement } from '../store.ts';

export function event<T extends AgreementEventType>(
  type: T,
  payload: AgreementEventPayload<T>,
): NewEvent {
  return { id: newId(), type, payload: payload as unknown as JsonObject };
}

/**
 * Appends an agreement's events on its stream, whose row the command has locked, at the version
 * the command read (else it is read now).
 */
export async function recordOn(
  scope: CommandScope,
  agreementId: string,
  version: bigint | undefined,
  events: readonly NewEvent[],
): Promise<void> {
  const stream = `agreement:${agreementId}`;
  await scope.record(stream, version ?? (await streamVersion(scope.trx, stream)), events);
}

/** Locks an agreement for the command, or answers 404. */
export async function lockedAgreement(scope: CommandScope, id: string): Promise<StoredAgreement> {
  const agreement = await lockAgreement(scope.trx, id);
  if (agreement === undefined) throw new DomainError('NOT_FOUND', `No agreement ${id}.`);
  return agreement;
}

/** How a supplier's currency converts to the agreement's on a day, or EXCHANGE_RATE_MISSING. */
export async function conversionOn(
  scope: Pick<CommandScope, 'trx'>,
  from: string,
  to: string,
  day: string,
): Promise<Conversion> {
  if (from === to) return identity(from, day);
  const rate = await latestRate(scope.trx, from, to, day);
  if (rate === undefined) {
    throw new DomainError(
      'EXCHANGE_RATE_MISSING',
      `No ${from}/${to} exchange rate is published on or before ${day}.`,
    );
  }
  return conversionBy(rate, from, to);
}

/** A ceiling's refusal, with the room left under it. */
export function ceilingRefusal(
  code: 'CEILING_EXCEEDED' | 'SUBCEILING_EXCEEDED',
  detail: string,
  remaining: Money,
): DomainError {
  return new DomainError(code, detail, [], undefined, { remaining: textOf(remaining) });
}

export function invalid(path: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${path}: ${message}.`, [{ path, message }]);
}
