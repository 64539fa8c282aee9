import type { Clock } from './clock.ts';
import type { Db, Trx } from './db/database.ts';
import { sendWithCommit, WritesNotCommitted } from './db/pipelined-transactions.ts';
import { DomainError } from './errors.ts';
import { Lanes } from './group-commit.ts';
import { type AppendInput, appendStreams, groupAppend } from './ledger/append.ts';
import { ledgerTimestamp, type NewEvent, type ProjectedEvent } from './ledger/model.ts';
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

/**
 * Runs a command in its own transaction: the work reads and locks what it guards, decides, then
 * `record`s its events (projections first, ledger append last) and the transaction commits. A
 * lost race is retried up to CONFLICT_RETRIES times, then reported as STREAM_VERSION_CONFLICT.
 */
export function runCommand<T>(
  runtime: CommandRuntime,
  actor: string,
  work: (scope: CommandScope) => Promise<T>,
): Promise<T> {
  return runAlone(runtime, actor, work);
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

/** What a group's commands work with: one transaction, one moment, what the lane remembers. */
interface GroupScope<M> {
  trx: Trx;
  now: Date;
  /** What the grouping keeps from one group to the next (Grouping.memory). */
  memory: M;
  /**
   * Records a command's events: claimed for the group's append at once, projected with the
   * group's other events just before it. Call it once per command, after it has decided.
   */
  record(actor: string, stream: string, expectedVersion: bigint, events: readonly NewEvent[]): void;
}

/** How a command of a group ended: its value, its refusal, or set aside to run alone. */
export type GroupOutcome<T> = { value: T } | { refused: DomainError } | { alone: true };

/** A command input, with who gave it. */
interface GroupedCommand<I> {
  actor: string;
  input: I;
}

/**
 * Commands that would queue on the same locks anyway — call-offs, on their agreements' and on
 * the ledger's head — decided together: one read of what they decide on, one write of their
 * projections, one append.
 */
export interface Grouping<I, T, M = undefined> {
  /** Commands of one lane are grouped. */
  laneOf(input: I): string;
  /** Runs one command in its own transaction: a command set aside, or one whose group failed. */
  alone(scope: CommandScope, input: I): Promise<T>;
  /**
   * What the lane keeps from one group to the next, made once per process: say, what the last
   * group left its agreements at, so that the next need not read it again. A group that decides
   * on it must check, under its locks, that it still holds: the ledger does, refusing to append
   * to a stream that is no longer at the version the group expects.
   */
  memory(): M;
  /** Forgets what `memory` keeps, when a group did not commit or a command ran alone. */
  forget(memory: M): void;
  /**
   * Decides a group's commands, in order, each on what the ones before it recorded; returns an
   * outcome per command. A command refused has recorded nothing. Any throw spoils the group.
   * It must not read from the database after its last `record`.
   */
  together(
    scope: GroupScope<M>,
    commands: readonly GroupedCommand<I>[],
  ): Promise<GroupOutcome<T>[]>;
}

/** A command waiting in a lane. */
interface LaneJob {
  actor: string;
  input: unknown;
  grouping: Grouping<unknown, unknown, unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** Its group failed once already: another failure runs it alone. */
  retried: boolean;
}

// Commands a group takes at most: enough to empty a busy lane, few enough that one group's
// transaction stays short.
const MAX_GROUP = 32;

/** What a process keeps for its lanes: the queues, and each grouping's memory. */
interface LaneState {
  lanes: Lanes<LaneJob>;
  memories: Map<Grouping<unknown, unknown, unknown>, unknown>;
}

const lanesByRuntime = new WeakMap<CommandRuntime, LaneState>();

function laneStateOf(runtime: CommandRuntime): LaneState {
  const known = lanesByRuntime.get(runtime);
  if (known !== undefined) return known;
  const state: LaneState = {
    lanes: new Lanes((jobs) => runGroup(runtime, state, jobs), MAX_GROUP),
    memories: new Map(),
  };
  lanesByRuntime.set(runtime, state);
  return state;
}

function memoryOf(state: LaneState, grouping: Grouping<unknown, unknown, unknown>): unknown {
  if (!state.memories.has(grouping)) state.memories.set(grouping, grouping.memory());
  return state.memories.get(grouping);
}

/**
 * Runs a command with the others waiting in its lane (group-commit.ts): in a group of one
 * transaction with them, or of its own when the lane is quiet. What the caller hears is what it
 * would hear had the command run alone.
 */
export function runGrouped<I, T, M>(
  runtime: CommandRuntime,
  actor: string,
  input: I,
  grouping: Grouping<I, T, M>,
): Promise<T> {
  const { lanes } = laneStateOf(runtime);
  return new Promise<T>((resolve, reject) => {
    lanes.enqueue(grouping.laneOf(input), {
      actor,
      input,
      grouping: grouping as Grouping<unknown, unknown, unknown>,
      resolve: resolve as (value: unknown) => void,
      reject,
      retried: false,
    });
  });
}

/** Runs commands alone, one after the other, in their lane's order. */
async function runEachAlone(
  runtime: CommandRuntime,
  state: LaneState,
  jobs: readonly LaneJob[],
): Promise<void> {
  for (const job of jobs) {
    // A command alone moves streams that a group may have remembered.
    job.grouping.forget(memoryOf(state, job.grouping));
    await runAlone(runtime, job.actor, (scope) => job.grouping.alone(scope, job.input)).then(
      job.resolve,
      job.reject,
    );
  }
}

/**
 * Group commit (DESIGN.md, Ledger): a group's commands are decided together in one transaction
 * (Grouping.together), each claiming its streams as it records (groupAppend: the next follows its
 * versions); then the group's events are projected in one pass, every event is chained in one
 * statement under one head lock, and the group commits once, those writes travelling with the
 * COMMIT. The next group may decide on what this one left in the grouping's memory.
 *
 * A refused command has written nothing and is simply left out; one set aside runs alone after
 * the group. Any other failure spoils the group: it is rolled back, the memory is forgotten, and
 * its commands go back to the head of the lane, to be decided again on what is read under the
 * locks; a command whose group fails a second time runs alone, with the usual retries.
 */
async function runGroup(
  runtime: CommandRuntime,
  state: LaneState,
  jobs: readonly LaneJob[],
): Promise<void> {
  const [first] = jobs;
  if (first === undefined) return;
  const { grouping } = first;
  const memory = memoryOf(state, grouping);
  let outcomes: GroupOutcome<unknown>[] = [];
  let committing = false;
  try {
    await runtime.db.transaction().execute(async (trx) => {
      const group = groupAppend(trx);
      const now = runtime.clock.now();
      const recordedAt = ledgerTimestamp(now);
      const projected: ProjectedEvent[] = [];
      const scope: GroupScope<unknown> = {
        trx,
        now,
        memory,
        record(actor, stream, expectedVersion, events) {
          group.claim([{ stream, expectedVersion, events, actor, recordedAt: now }]);
          projected.push(...events.map((e) => ({ ...e, stream, actor, recordedAt })));
        },
      };
      outcomes = await grouping.together(scope, jobs);
      if (outcomes.length !== jobs.length) throw new Error('a group answers each of its commands');
      // What is left is writes: they travel with the COMMIT, one round trip for the group's end.
      await sendWithCommit(trx);
      await projectAll(trx, runtime.projectors, projected);
      await group.chain();
      committing = true;
    });
  } catch (error) {
    grouping.forget(memory);
    // A commit that failed may still have happened: running the group again could do it twice.
    if (committing && !(error instanceof WritesNotCommitted)) {
      for (const job of jobs) job.reject(error);
      return;
    }
    const again = jobs.filter((job) => !job.retried);
    if (again.length > 0) {
      const lane = grouping.laneOf(first.input);
      state.lanes.requeue(
        lane,
        again.map((job) => ({ ...job, retried: true })),
      );
    }
    return runEachAlone(
      runtime,
      state,
      jobs.filter((job) => job.retried),
    );
  }
  const setAside: LaneJob[] = [];
  const answered: (() => void)[] = [];
  jobs.forEach((job, index) => {
    const outcome = outcomes[index] as GroupOutcome<unknown>;
    if ('value' in outcome) answered.push(() => job.resolve(outcome.value));
    else if ('refused' in outcome) answered.push(() => job.reject(outcome.refused));
    else setAside.push(job);
  });
  // The callers are answered once the lane has sent its next group: their answers are written
  // while that group is in the database, rather than holding it back.
  setImmediate(() => {
    for (const answer of answered) answer();
  });
  await runEachAlone(runtime, state, setAside);
}
