import { type ColumnType, type Insertable, type Selectable, sql } from 'kysely';
import type { Executor, Trx } from '../db/database.ts';
import { insertSlices, statementSlices } from '../db/statement-slices.ts';
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

/** One stream's move: from the version its appender read to that plus the events it appends. */
export interface StreamMove {
  stream: string;
  expected: bigint;
  count: number;
}

/**
 * Moves each stream from `expected` to `expected + count`, or returns false when another
 * transaction moved any of them first. Rows are locked in stream order, so two appenders of
 * overlapping streams queue instead of deadlocking; the loser sees the winner's version once it
 * commits and matches nothing.
 */
export async function advanceStreamVersions(
  trx: Trx,
  moves: readonly StreamMove[],
): Promise<boolean> {
  const sorted = [...moves].sort((a, b) =>
    a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0,
  );
  const known = sorted.filter((m) => m.expected > 0n);
  const [only] = known;
  if (known.length === 1 && only !== undefined) {
    // One stream, the common command: a conditional update is its lock and its check at once.
    const updated = await trx
      .updateTable('ledger_streams')
      .set({ version: only.expected + BigInt(only.count) })
      .where('stream', '=', only.stream)
      .where('version', '=', only.expected)
      .returning('version')
      .executeTakeFirst();
    if (updated === undefined) return false;
  }
  for (const slice of statementSlices(known.length === 1 ? [] : known, 2)) {
    const locked = await trx
      .selectFrom('ledger_streams')
      .select(['stream', 'version'])
      .where(
        'stream',
        'in',
        slice.map((m) => m.stream),
      )
      .orderBy('stream')
      .forUpdate()
      .execute();
    const versions = new Map(locked.map((row) => [row.stream, row.version]));
    if (slice.some((m) => versions.get(m.stream) !== m.expected)) return false;
    await sql`
      UPDATE ledger_streams AS s SET version = v.version
      FROM (VALUES ${sql.join(slice.map((m) => sql`(${m.stream}, ${m.expected + BigInt(m.count)}::bigint)`))}) AS v (stream, version)
      WHERE s.stream = v.stream`.execute(trx);
  }
  const fresh = sorted.filter((m) => m.expected === 0n);
  for (const slice of statementSlices(fresh, 2)) {
    const inserted = await trx
      .insertInto('ledger_streams')
      .values(slice.map((m) => ({ stream: m.stream, version: BigInt(m.count) })))
      .onConflict((oc) => oc.column('stream').doNothing())
      .returning('stream')
      .execute();
    if (inserted.length < slice.length) return false;
  }
  return true;
}

/** The current versions of some streams (absent ones have no events yet: version 0). */
export async function streamVersions(
  db: Executor,
  streams: readonly string[],
): Promise<Map<string, bigint>> {
  const versions = new Map<string, bigint>();
  for (const slice of statementSlices(streams, 1)) {
    const rows = await db
      .selectFrom('ledger_streams')
      .select(['stream', 'version'])
      .where('stream', 'in', slice)
      .execute();
    for (const row of rows) versions.set(row.stream, row.version);
  }
  return versions;
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

/** Inserts chained events in multi-row statements and moves the head to the last of them. */
export async function insertEventsAndMoveHead(
  trx: Trx,
  events: readonly RecordedEvent[],
): Promise<void> {
  const last = events.at(-1);
  if (last === undefined) return;
  for (const rows of insertSlices(events.map(toRow))) {
    await trx.insertInto('ledger_events').values(rows).execute();
  }
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
