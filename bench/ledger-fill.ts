import { sql } from 'kysely';
import type { Db, Executor } from '../src/platform/db/database.ts';
import {
  type ChainedEvent,
  chainEvents,
  GENESIS_HASH,
  type LedgerHead,
} from '../src/platform/ledger/model.ts';
import { insertEventsAndMoveHead, readHead } from '../src/platform/ledger/store.ts';
import { callOffPlaced } from './payload.ts';
import { progress } from './progress.ts';
import { copyIntoLedger } from './psql-copy.ts';

const STREAMS = 1000;
const FILL_STREAM = 'agreement:fill-';
const START = Date.parse('2023-09-28T08:00:00.000Z');

/**
 * The events `count` commands of one to three call-offs each would have appended after `head`,
 * spread over a thousand agreements, chained exactly as `append` chains them, `batchSize` at a
 * time. `onHead` hears where the chain stands after each batch.
 */
function* chainedBatches(
  head: LedgerHead,
  count: number,
  batchSize: number,
  onHead: (head: LedgerHead) => void,
): Generator<ChainedEvent[]> {
  const versions = new Map<string, bigint>();
  const end = head.seq + BigInt(count);
  let current = head;
  let batch: ChainedEvent[] = [];
  for (let command = 0; current.seq < end; command++) {
    const stream = `${FILL_STREAM}${command % STREAMS}`;
    const size = Math.min(1 + (command % 3), Number(end - current.seq));
    const version = versions.get(stream) ?? 0n;
    const events = Array.from({ length: size }, (_, i) => callOffPlaced(Number(current.seq) + i));
    const recordedAt = new Date(START + command * 1000).toISOString();
    const chained = chainEvents(
      current,
      stream,
      version + 1n,
      'user:bench-fill',
      recordedAt,
      events,
    );
    versions.set(stream, version + BigInt(size));
    for (const event of chained) batch.push(event);
    const last = chained.at(-1);
    if (last !== undefined) current = { seq: last.seq, hash: last.hash };
    if (batch.length >= batchSize || current.seq === end) {
      yield batch;
      batch = [];
      onHead(current);
    }
  }
}

async function headOf(db: Db): Promise<LedgerHead> {
  return (await readHead(db)) ?? { seq: 0n, hash: GENESIS_HASH };
}

function reportEvery(total: bigint, start: bigint): (head: LedgerHead) => void {
  let reported = start;
  return (head) => {
    if (head.seq - reported >= 100_000n || head.seq === total) {
      progress(`  filled ${head.seq.toLocaleString('en')} of ${total.toLocaleString('en')} events`);
      reported = head.seq;
    }
  };
}

// What append would also have left behind: each filled stream at its last version.
async function recordStreamVersions(db: Executor): Promise<void> {
  await sql`
    INSERT INTO ledger_streams (stream, version)
    SELECT stream, max(version) FROM ledger_events
    WHERE stream LIKE ${`${FILL_STREAM}%`}
    GROUP BY stream`.execute(db);
}

/** Appends chained events in multi-row INSERTs until the ledger holds `total`; for PGlite. */
export async function fillWithInserts(db: Db, total: bigint): Promise<void> {
  const head = await headOf(db);
  const onHead = reportEvery(total, head.seq);
  // 2,000 rows of ten parameters each: PGlite reads the parameter count as a signed 16-bit number.
  for (const batch of chainedBatches(head, Number(total - head.seq), 2000, onHead)) {
    await db.transaction().execute((trx) => insertEventsAndMoveHead(trx, batch));
  }
  await recordStreamVersions(db);
}

/** COPYs chained events in until the ledger at `url` holds `total`, then moves the head; for PostgreSQL. */
export async function fillWithCopy(db: Db, url: string, total: bigint): Promise<void> {
  const head = await headOf(db);
  let last = head;
  const onHead = reportEvery(total, head.seq);
  await copyIntoLedger(
    url,
    chainedBatches(head, Number(total - head.seq), 10_000, (moved) => {
      last = moved;
      onHead(moved);
    }),
  );
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('ledger_head').set({ seq: last.seq, hash: last.hash }).execute();
    await recordStreamVersions(trx);
  });
}
