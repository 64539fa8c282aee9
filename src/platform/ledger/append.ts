import type { Trx } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import {
  chainEvents,
  ledgerTimestamp,
  type NewEvent,
  payloadProblem,
  type RecordedEvent,
} from './model.ts';
import { advanceStreamVersion, insertEventsAndMoveHead, lockHead } from './store.ts';

/** What a command appends: events for one stream, at the version it read that stream at. */
export interface AppendInput {
  stream: string;
  expectedVersion: bigint;
  events: readonly NewEvent[];
  actor: string;
  recordedAt: Date;
}

// A second append in one transaction would take a stream lock after the head lock and could
// deadlock against another appender; each command appends once.
const transactionsThatAppended = new WeakSet<Trx>();

/**
 * Appends events to the ledger, as the last step before the caller commits: checks the stream
 * is still at `expectedVersion` (else STREAM_VERSION_CONFLICT), then takes the head lock, chains
 * the events and moves the head. Returns the events as recorded.
 */
export async function append(trx: Trx, input: AppendInput): Promise<RecordedEvent[]> {
  if (input.events.length === 0) return [];
  for (const event of input.events) {
    const problem = payloadProblem(event.payload);
    if (problem !== undefined) throw new Error(`event ${event.type}: ${problem}`);
  }
  if (transactionsThatAppended.has(trx)) {
    throw new Error('a transaction appends to the ledger once, as its last step');
  }
  const advanced = await advanceStreamVersion(
    trx,
    input.stream,
    input.expectedVersion,
    input.events.length,
  );
  if (!advanced) {
    throw new DomainError(
      'STREAM_VERSION_CONFLICT',
      `${input.stream} changed while this command ran (expected version ${input.expectedVersion})`,
    );
  }
  const head = await lockHead(trx);
  const recorded = chainEvents(
    head,
    input.stream,
    input.expectedVersion + 1n,
    input.actor,
    ledgerTimestamp(input.recordedAt),
    input.events,
  );
  await insertEventsAndMoveHead(trx, recorded);
  transactionsThatAppended.add(trx);
  return recorded;
}
