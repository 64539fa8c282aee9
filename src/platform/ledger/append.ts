import type { Trx } from '../db/database.ts';
import { DomainError } from '../errors.ts';
import {
  canonicalAround,
  ledgerTimestamp,
  type NewEvent,
  payloadProblem,
  type RecordedEvent,
} from './model.ts';
import { appendToChain } from './store.ts';

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
  const unchained = appending.flatMap((input) =>
    input.events.map((event, index) => {
      const entry = {
        ...event,
        stream: input.stream,
        version: input.expectedVersion + BigInt(index + 1),
        actor: input.actor,
        recordedAt: ledgerTimestamp(input.recordedAt),
      };
      return { entry, ...canonicalAround(entry) };
    }),
  );
  const links = await appendToChain(
    trx,
    appending.map((input) => ({
      stream: input.stream,
      expected: input.expectedVersion,
      count: input.events.length,
    })),
    unchained.map(({ entry, before, after }) => ({ ...entry, before, after })),
  );
  if (links === undefined) {
    const [first] = appending;
    const which =
      appending.length === 1 && first !== undefined
        ? `${first.stream} changed while this command ran (expected version ${first.expectedVersion})`
        : `one of ${appending.length} streams changed while this command ran`;
    throw new DomainError('STREAM_VERSION_CONFLICT', which);
  }
  const recorded = unchained.map(({ entry }, index): RecordedEvent => {
    const link = links[index];
    if (link === undefined) throw new Error('the ledger chained fewer events than it was given');
    return { ...entry, ...link };
  });
  transactionsThatAppended.add(trx);
  return recorded;
}

/**
 * Appends events to one stream, as the last step before the caller commits: checks the stream is
 * still at `expectedVersion` (else STREAM_VERSION_CONFLICT), then takes the head lock, chains the
 * events and moves the head. Returns the events as recorded.
 */
export function append(trx: Trx, input: AppendInput): Promise<RecordedEvent[]> {
  return appendStreams(trx, [input]);
}
