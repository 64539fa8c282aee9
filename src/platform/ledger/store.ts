import type { ColumnType, Insertable, Selectable } from 'kysely';
import type { Executor, Trx } from '../db/database.ts';
import type { JsonObject, LedgerHead, RecordedEvent } from './model.ts';

interface LedgerEventsTable {
  seq: bigint;
  id: string;
  stream: string;
  version: bigint;
  type: string;
  payload: ColumnType<JsonObject, string, never>;
  actor: string;
  recorded_at: ColumnType<Date, string, never>;
  prev_hash: Uint8Array;
  hash: Uint8Array;
}

interface LedgerStreamsTable {
  stream: string;
  version: bigint;
}

interface LedgerHeadTable {
  singleton: boolean;
  seq: bigint;
  hash: Uint8Array;
}

declare module '../db/database.ts' {
  interface Database {
    ledger_events: LedgerEventsTable;
    ledger_streams: LedgerStreamsTable;
    ledger_head: LedgerHeadTable;
  }
}

type LedgerEventRow = Selectable<LedgerEventsTable>;

function toRecordedEvent(row: LedgerEventRow): RecordedEvent {
  return {
    seq: row.seq,
    id: row.id,
    stream: row.stream,
    version: row.version,
    type: row.type,
    payload: row.payload,
    actor: row.actor,
    recordedAt: row.recorded_at.toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function toRow(event: RecordedEvent): Insertable<LedgerEventsTable> {
  return {
    seq: event.seq,
    id: event.id,
    stream: event.stream,
    version: event.version,
    type: event.type,
    payload: JSON.stringify(event.payload),
    actor: event.actor,
    recorded_at: event.recordedAt,
    prev_hash: event.prevHash,
    hash: event.hash,
  };
}

/**
 * Moves a stream from `expected` to `expected + count`, or returns false when another
 * transaction got there first. Concurrent callers queue on the stream's row; the loser sees the
 * winner's version once it commits and matches nothing.
 */
export async function advanceStreamVersion(
  trx: Trx,
  stream: string,
  expected: bigint,
  count: number,
): Promise<boolean> {
  const next = expected + BigInt(count);
  if (expected === 0n) {
    const inserted = await trx
      .insertInto('ledger_streams')
      .values({ stream, version: next })
      .onConflict((oc) => oc.column('stream').doNothing())
      .returning('version')
      .executeTakeFirst();
    return inserted !== undefined;
  }
  const updated = await trx
    .updateTable('ledger_streams')
    .set({ version: next })
    .where('stream', '=', stream)
    .where('version', '=', expected)
    .returning('version')
    .executeTakeFirst();
  return updated !== undefined;
}

/** The current version of a stream (0 when it has no events yet). */
export async function streamVersion(db: Executor, stream: string): Promise<bigint> {
  const row = await db
    .selectFrom('ledger_streams')
    .select('version')
    .where('stream', '=', stream)
    .executeTakeFirst();
  return row?.version ?? 0n;
}

/** Takes the one lock every appender shares; held until commit, so take it last. */
export async function lockHead(trx: Trx): Promise<LedgerHead> {
  const head = await trx
    .selectFrom('ledger_head')
    .select(['seq', 'hash'])
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { seq: head.seq, hash: new Uint8Array(head.hash) };
}

/** Reads the head without locking it. */
export async function readHead(db: Executor): Promise<LedgerHead | undefined> {
  const head = await db.selectFrom('ledger_head').select(['seq', 'hash']).executeTakeFirst();
  return head === undefined ? undefined : { seq: head.seq, hash: new Uint8Array(head.hash) };
}

/** Inserts chained events in one statement and moves the head to the last of them. */
export async function insertEventsAndMoveHead(
  trx: Trx,
  events: readonly RecordedEvent[],
): Promise<void> {
  const last = events.at(-1);
  if (last === undefined) return;
  await trx.insertInto('ledger_events').values(events.map(toRow)).execute();
  await trx.updateTable('ledger_head').set({ seq: last.seq, hash: last.hash }).execute();
}

/** Up to `limit` events with seq greater than `afterSeq`, in order. */
export async function readEventsAfter(
  db: Executor,
  afterSeq: bigint,
  limit: number,
): Promise<RecordedEvent[]> {
  const rows = await db
    .selectFrom('ledger_events')
    .selectAll()
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(toRecordedEvent);
}
