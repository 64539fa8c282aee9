import type { CommandScope } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { streamVersion } from '../../platform/ledger/store.ts';
import { closedForChange, type Signal, sameTerms, termsProblems } from '../model/signal.ts';
import type { DraftSignal } from '../model/signal-record.ts';
import { lockSignal } from '../store.ts';
import { event, signalStream, termsPayload } from './events.ts';
import type { SignalFacts } from './facts.ts';
import { refuse } from './post-signals.ts';

async function lockedOpenSignal(scope: CommandScope, id: string): Promise<Signal> {
  const signal = await lockSignal(scope.trx, id);
  if (signal === undefined) throw new DomainError('NOT_FOUND', `No demand signal ${id}.`);
  const closed = closedForChange(signal);
  if (closed !== undefined) throw new DomainError('INVALID_TRANSITION', `${closed}.`);
  return signal;
}

/** Revises a signal's terms, with the reason; the nation and the reference stay. */
export async function reviseSignal(
  scope: CommandScope,
  facts: SignalFacts,
  id: string,
  draft: Omit<DraftSignal, 'nation' | 'reference'>,
  reason: string,
): Promise<void> {
  const signal = await lockedOpenSignal(scope, id);
  const resolved = await facts.resolve({ ...draft, nation: signal.nation, reference: null });
  if (Array.isArray(resolved)) refuse(resolved);
  const problems = termsProblems(resolved, signal.nation);
  if (problems.length > 0) refuse(problems);
  if (sameTerms(signal, resolved))
    throw new DomainError('VALIDATION_FAILED', 'The revision changes nothing.', [
      { path: 'quantity', message: 'the terms are the ones the signal has' },
    ]);
  const stream = signalStream(id);
  await scope.record(stream, await streamVersion(scope.trx, stream), [
    event('SignalRevised', { signal: id, terms: termsPayload(resolved), reason }),
  ]);
}

/** Withdraws a signal, with the reason: it leaves the lots and cannot be revised again. */
export async function withdrawSignal(
  scope: CommandScope,
  id: string,
  reason: string,
): Promise<void> {
  await lockedOpenSignal(scope, id);
  const stream = signalStream(id);
  await scope.record(stream, await streamVersion(scope.trx, stream), [
    event('SignalWithdrawn', { signal: id, reason }),
  ]);
}

/** A nation agrees, or no longer agrees, to show its lines to the other nations of its lots. */
export async function setSharing(
  scope: CommandScope,
  nation: string,
  share: boolean,
): Promise<void> {
  const stream = `demand-sharing:${nation}`;
  await scope.record(stream, await streamVersion(scope.trx, stream), [
    event('SharingSet', { nation, share }),
  ]);
}
