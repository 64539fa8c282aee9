import type { Clock } from './clock.ts';
import type { Db, Trx } from './db/database.ts';
import { DomainError } from './errors.ts';
import { Lanes } from './group-commit.ts';
import { type AppendInput, appendStreams, groupAppend } from './ledger/append.ts';
import { ledgerTimestamp, type NewEvent } from './ledger/model.ts';
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
  record(stream: string, expectedVersion: bigint, events: readonly NewEvent[]): Promise<void>;
  /** The same for several streams at once (a bulk command): one projection pass, one append. */
  recordStreams(streams: readonly StreamEvents[]): Promise<void>;
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

/** What a command may say about how it runs. */
export interface CommandOptions {
  /**
   * Commands of one lane — those that would queue on the same lock anyway, such as call-offs on
   * one agreement — are committed in groups: see group-commit.ts.
   */
  lane?: string;
}

/**
 * Runs a command in its own transaction: the work reads and locks what it guards, decides, then
 * `record`s its events (projections first, ledger append last) and the transaction commits. A
 * lost race is retried up to CONFLICT_RETRIES times, then reported as STREAM_VERSION_CONFLICT.
 * A command given a lane is committed with the others waiting in that lane.
 */
export function runCommand<T>(
  runtime: CommandRuntime,
  actor: string,
  work: (scope: CommandScope) => Promise<T>,
  options: CommandOptions = {},
): Promise<T> {
  if (options.lane === undefined) return runAlone(runtime, actor, work);
  const lane = options.lane;
  return new Promise<T>((resolve, reject) => {
    lanesOf(runtime).enqueue(lane, {
      actor,
      work,
      resolve: resolve as (value: unknown) => void,
      reject,
    });
  });
}

async function runAlone<T>(
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
          await projectStreams(trx, runtime, actor, now, streams);
          await appendStreams(trx, appendInputs(streams, actor, now));
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

function appendInputs(
  streams: readonly StreamEvents[],
  actor: string,
  recordedAt: Date,
): AppendInput[] {
  return streams.map((s) => ({ ...s, actor, recordedAt }));
}

function projectStreams(
  trx: Trx,
  runtime: CommandRuntime,
  actor: string,
  now: Date,
  streams: readonly StreamEvents[],
): Promise<void> {
  const recordedAt = ledgerTimestamp(now);
  return projectAll(
    trx,
    runtime.projectors,
    streams.flatMap(({ stream, events }) =>
      events.map((e) => ({ ...e, stream, actor, recordedAt })),
    ),
  );
}

/** A command waiting in a lane. */
interface LaneJob {
  actor: string;
  work: (scope: CommandScope) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

// Commands a group takes at most: enough to empty a busy lane, few enough that one group's
// transaction stays short.
const MAX_GROUP = 32;

const lanesByRuntime = new WeakMap<CommandRuntime, Lanes<LaneJob>>();

function lanesOf(runtime: CommandRuntime): Lanes<LaneJob> {
  let lanes = lanesByRuntime.get(runtime);
  if (lanes === undefined) {
    lanes = new Lanes((jobs) => runGroup(runtime, jobs), MAX_GROUP);
    lanesByRuntime.set(runtime, lanes);
  }
  return lanes;
}

function runAloneAndSettle(runtime: CommandRuntime, job: LaneJob): Promise<void> {
  return runAlone(runtime, job.actor, job.work).then(job.resolve, job.reject);
}

/** Runs commands alone, one after the other, in their lane's order. */
async function runEachAlone(runtime: CommandRuntime, jobs: readonly LaneJob[]): Promise<void> {
  for (const job of jobs) await runAloneAndSettle(runtime, job);
}

// A command of a group failed after it had written, or in the database: the group is undone.
class SpoiltGroup extends Error {}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit (DESIGN.md, Ledger): the commands of a group run one after the other in one
 * transaction, each claiming its streams as it records (groupAppend: the next follows its
 * versions); the group moves the streams and chains every event in one statement under one head
 * lock, and commits once. A command refused before it records (a ceiling, a capacity: the common
 * refusals, decided on what it read) has written nothing and is simply left out. Any other
 * failure spoils the group: it is rolled back and its commands run again alone, in order, with
 * the usual retries.
 */
async function runGroup(runtime: CommandRuntime, jobs: LaneJob[]): Promise<void> {
  const [only] = jobs;
  if (jobs.length === 1 && only !== undefined) return runAloneAndSettle(runtime, only);
  const outcomes = new Map<LaneJob, Outcome>();
  let committing = false;
  try {
    await runtime.db.transaction().execute(async (trx) => {
      const group = groupAppend(trx);
      for (const job of jobs) {
        const now = runtime.clock.now();
        let wrote = false;
        const recordStreams = async (streams: readonly StreamEvents[]) => {
          wrote = true;
          await projectStreams(trx, runtime, job.actor, now, streams);
          group.claim(appendInputs(streams, job.actor, now));
        };
        try {
          const value = await job.work({
            trx,
            actor: job.actor,
            now,
            record: (stream, expectedVersion, events) =>
              recordStreams([{ stream, expectedVersion, events }]),
            recordStreams,
          });
          outcomes.set(job, { ok: true, value });
        } catch (error) {
          if (wrote || !(error instanceof DomainError)) throw new SpoiltGroup();
          outcomes.set(job, { ok: false, error });
        }
      }
      await group.chain();
      committing = true;
    });
  } catch (error) {
    // A commit that failed may still have happened: running the group again could do it twice.
    if (committing) {
      for (const job of jobs) job.reject(error);
      return;
    }
    return runEachAlone(runtime, jobs);
  }
  for (const [job, outcome] of outcomes) {
    if (outcome.ok) job.resolve(outcome.value);
    else job.reject(outcome.error);
  }
}
