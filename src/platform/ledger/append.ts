import type { Trx } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import {
  canonicalAround,
  ledgerTimestamp,
  type NewEvent,
  payloadProblem,
  type RecordedEvent,
} from './model.ts';
import { appendToChain, type ChainLink, type StreamMove, type UnchainedEvent } from './store.ts';

/** What a command appends: events for one stream, at the version it read that stream at. */
export interface AppendInput {
  stream: string;
  expectedVersion: bigint;
  events: readonly NewEvent[];
  actor: string;
  recordedAt: Date;
}

// A second append in one transaction would take stream locks after the head lock and could
// deadlock against another appender; each command appends once.
const transactionsThatAppended = new WeakSet<Trx>();

function checkInputs(trx: Trx, inputs: readonly AppendInput[]): void {
  const streams = new Set<string>();
  for (const input of inputs) {
    if (streams.has(input.stream)) throw new Error(`${input.stream} is appended to twice`);
    streams.add(input.stream);
    for (const event of input.events) {
      const problem = payloadProblem(event.payload);
      if (problem !== undefined) throw new Error(`event ${event.type}: ${problem}`);
    }
  }
  if (transactionsThatAppended.has(trx)) {
    throw new Error('a transaction appends to the ledger once, as its last step');
  }
}

/** An append made ready for the database: the streams' moves and the events around their seqs. */
interface PreparedAppend {
  moves: StreamMove[];
  events: UnchainedEvent[];
  entries: Omit<RecordedEvent, 'seq' | 'prevHash' | 'hash'>[];
}

function prepare(inputs: readonly AppendInput[]): PreparedAppend {
  const entries = inputs.flatMap((input) =>
    input.events.map((event, index) => ({
      ...event,
      stream: input.stream,
      version: input.expectedVersion + BigInt(index + 1),
      actor: input.actor,
      recordedAt: ledgerTimestamp(input.recordedAt),
    })),
  );
  return {
    moves: inputs.map((input) => ({
      stream: input.stream,
      expected: input.expectedVersion,
      count: input.events.length,
    })),
    events: entries.map((entry) => ({ ...entry, ...canonicalAround(entry) })),
    entries,
  };
}

function conflict(inputs: readonly AppendInput[]): DomainError {
  const [first] = inputs;
  const which =
    inputs.length === 1 && first !== undefined
      ? `${first.stream} changed while this command ran (expected version ${first.expectedVersion})`
      : `one of ${inputs.length} streams changed while this command ran`;
  return new DomainError('STREAM_VERSION_CONFLICT', which);
}

function recordedFrom(
  entries: PreparedAppend['entries'],
  links: readonly ChainLink[],
): RecordedEvent[] {
  return entries.map((entry, index) => {
    const link = links[index];
    if (link === undefined) throw new Error('the ledger chained fewer events than it was given');
    return { ...entry, ...link };
  });
}

/**
 * Appends events to several streams at once, as the last step before the caller commits: checks
 * every stream is still at its `expectedVersion` (else STREAM_VERSION_CONFLICT, naming the first
 * input's stream), then takes the head lock once and chains all the events, in the order of the
 * inputs, which is the order the caller projected them in. Returns the events as recorded.
 */
export async function appendStreams(
  trx: Trx,
  inputs: readonly AppendInput[],
): Promise<RecordedEvent[]> {
  const appending = inputs.filter((input) => input.events.length > 0);
  if (appending.length === 0) return [];
  checkInputs(trx, appending);
  const prepared = prepare(appending);
  const links = await appendToChain(trx, prepared.moves, prepared.events);
  if (links === undefined) throw conflict(appending);
  transactionsThatAppended.add(trx);
  return recordedFrom(prepared.entries, links);
}

/**
 * A group commit's append, in two steps: each command `claim`s its streams as it records, and the
 * group `chain`s every claimed event at once, in claim order, as its last step before commit: one
 * statement that moves every stream and takes the head lock once for the group.
 *
 * Claims are kept here rather than written, saving a round trip per command. So the streams in
 * the database stay at the versions the group found until it chains, and a later command of the
 * group reads those: it reads too every projection the earlier ones wrote, in this transaction,
 * so what it decided on is the stream as the group has moved it, and its events follow the
 * group's. Any other version is stale and refused; a stream another transaction moved meanwhile
 * makes the chaining refuse the whole group.
 */
export function groupAppend(trx: Trx) {
  const claimed: PreparedAppend[] = [];
  /** Each claimed stream: the version the group found it at, and the version it has moved it to. */
  const streams = new Map<string, { found: bigint; moved: bigint }>();
  return {
    claim(inputs: readonly AppendInput[]): void {
      const appending = inputs.filter((input) => input.events.length > 0);
      if (appending.length === 0) return;
      checkInputs(trx, appending);
      const moved = appending.map((input) => {
        const stream = streams.get(input.stream);
        if (stream !== undefined && input.expectedVersion !== stream.found) {
          throw conflict(appending);
        }
        return { ...input, expectedVersion: stream?.moved ?? input.expectedVersion };
      });
      for (const input of moved) {
        streams.set(input.stream, {
          found: streams.get(input.stream)?.found ?? input.expectedVersion,
          moved: input.expectedVersion + BigInt(input.events.length),
        });
      }
      claimed.push(prepare(moved));
    },
    /**
     * Chains the claimed events. It does not read where they landed, so that its statement may
     * travel with the commit (sendWithCommit): a stream moved meanwhile then fails the commit.
     */
    async chain(): Promise<void> {
      const events = claimed.flatMap((c) => c.events);
      if (events.length === 0) return;
      const moves = [...streams].map(([stream, { found, moved }]) => ({
        stream,
        expected: found,
        count: Number(moved - found),
      }));
      const links = await appendToChain(trx, moves, events);
      if (links === undefined) {
        throw new DomainError('STREAM_VERSION_CONFLICT', 'a stream changed while this group ran');
      }
      transactionsThatAppended.add(trx);
    },
  };
}

/**
 * Appends events to one stream, as the last step before the caller commits: checks the stream is
 * still at `expectedVersion` (else STREAM_VERSION_CONFLICT), then takes the head lock, chains the
 * events and moves the head. Returns the events as recorded.
 */
export function append(trx: Trx, input: AppendInput): Promise<RecordedEvent[]> {
  return appendStreams(trx, [input]);
}
