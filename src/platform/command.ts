import type { Clock } from './clock.ts';
import type { Db, Trx } from './db/database.ts';
import { DomainError } from './errors.ts';
import { appendStreams } from './ledger/append.ts';
import { ledgerTimestamp, type NewEvent, type RecordedEvent } from './ledger/model.ts';
import { type Projector, projectAll } from './ledger/projector.ts';

/** What every command needs from the process: the database, the clock, the read models. */
export interface CommandRuntime {
  db: Db;
  clock: Clock;
  projectors: readonly Projector[];
  /** The key that wraps each tender's bid key (QM_MASTER_KEY): sealing and opening bids need it. */
  masterKey?: Uint8Array;
}

/** Events a command appends to one stream, at the version it read that stream at. */
interface StreamEvents {
  stream: string;
  expectedVersion: bigint;
  events: readonly NewEvent[];
}

/** What one attempt of a command works with. */
export interface CommandScope {
  trx: Trx;
  actor: string;
  now: Date;
  /** Projects the events, then appends them: call it last, once. */
  record(
    stream: string,
    expectedVersion: bigint,
    events: readonly NewEvent[],
  ): Promise<RecordedEvent[]>;
  /** The same for several streams at once (a bulk command): one projection pass, one append. */
  recordStreams(streams: readonly StreamEvents[]): Promise<RecordedEvent[]>;
}

/** How many times a command that lost a race is run again before the caller hears 409. */
const CONFLICT_RETRIES = 3;

// PostgreSQL's serialization_failure and deadlock_detected: the same race, seen by the server.
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

function isConflict(error: unknown): boolean {
  if (error instanceof DomainError) return error.code === 'STREAM_VERSION_CONFLICT';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

/**
 * Runs a command in its own transaction: the work reads and locks what it guards, decides, then
 * `record`s its events (projections first, ledger append last) and the transaction commits. A
 * lost race is retried up to CONFLICT_RETRIES times, then reported as STREAM_VERSION_CONFLICT.
 */
export async function runCommand<T>(
  runtime: CommandRuntime,
  actor: string,
  work: (scope: CommandScope) => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await runtime.db.transaction().execute((trx) => {
        const now = runtime.clock.now();
        // Projected in the order appendStreams chains them, so that replay gives the same tables.
        const recordStreams = async (streams: readonly StreamEvents[]) => {
          const recordedAt = ledgerTimestamp(now);
          await projectAll(
            trx,
            runtime.projectors,
            streams.flatMap(({ stream, events }) =>
              events.map((e) => ({ ...e, stream, actor, recordedAt })),
            ),
          );
          return appendStreams(
            trx,
            streams.map((s) => ({ ...s, actor, recordedAt: now })),
          );
        };
        return work({
          trx,
          actor,
          now,
          record: (stream, expectedVersion, events) =>
            recordStreams([{ stream, expectedVersion, events }]),
          recordStreams,
        });
      });
    } catch (error) {
      if (!isConflict(error)) throw error;
      if (attempt >= CONFLICT_RETRIES) {
        throw error instanceof DomainError
          ? error
          : new DomainError(
              'STREAM_VERSION_CONFLICT',
              'a concurrent change could not be serialised',
            );
      }
    }
  }
}
