import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDialect, type TestDatabase } from '../../testing/dialects.ts';
import { type OpenDatabase, openDatabase } from '../db/connect.ts';
import type { Db } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { newId } from '../ids.ts';
import { ledgerMigrations } from './migrations.ts';
import { chainEvents, GENESIS_HASH, type RecordedEvent } from './model.ts';
import { verifyLedger } from './verify.ts';

/** An empty database of the same dialect, for a ledger that starts at an older migration. */
async function withFreshDatabase(test: TestDatabase, work: (db: Db) => Promise<void>) {
  let opened: OpenDatabase;
  let drop = async () => undefined as unknown;
  if (test.appUrl === undefined) {
    opened = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  } else {
    const name = `qm_old_ledger_${newId().replaceAll('-', '')}`;
    await sql`CREATE DATABASE ${sql.id(name)} OWNER ${sql.id(new URL(test.appUrl).username)}`.execute(
      test.admin,
    );
    drop = () => sql`DROP DATABASE ${sql.id(name)} WITH (FORCE)`.execute(test.admin);
    const url = new URL(test.appUrl);
    url.pathname = `/${name}`;
    opened = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 });
  }
  try {
    await work(opened.db);
  } finally {
    await opened.close();
    await drop();
  }
}

/** Five events as the first ledger migration stored them: payload as its own column, no canonical text. */
function olderEvents(): RecordedEvent[] {
  return chainEvents(
    { seq: 0n, hash: GENESIS_HASH },
    'agreement:older',
    1n,
    'user:older',
    '2023-09-28T10:00:00.123Z',
    Array.from({ length: 5 }, (_, index) => ({
      id: newId(),
      type: 'CallOffPlaced',
      payload: { index, totalMinor: '438100000', note: 'Depot 3, "Bydgoszcz"\n' },
    })),
  );
}

async function writeAsBefore(db: Db, events: readonly RecordedEvent[]): Promise<void> {
  await migrateToLatest(db, ledgerMigrations.slice(0, 1));
  const rows = events.map(
    (e) =>
      sql`(${e.seq}, ${e.id}, ${e.stream}, ${e.version}, ${e.type}, ${JSON.stringify(e.payload)}, ${e.actor}, ${e.recordedAt}, ${e.prevHash}, ${e.hash})`,
  );
  const last = events.at(-1);
  if (last === undefined) return;
  await db.transaction().execute(async (trx) => {
    await sql`
      INSERT INTO ledger_events (seq, id, stream, version, type, payload, actor, recorded_at, prev_hash, hash)
      VALUES ${sql.join(rows)}`.execute(trx);
    await sql`UPDATE ledger_head SET seq = ${last.seq}, hash = ${last.hash}`.execute(trx);
  });
}

describeEachDialect('ledger migrations', (database) => {
  it('a ledger written before the canonical text was kept verifies after the migration', async () => {
    await withFreshDatabase(database(), async (db) => {
      const events = olderEvents();
      await writeAsBefore(db, events);
      await migrateToLatest(db, ledgerMigrations);
      expect(await verifyLedger(db, { batchSize: 2 })).toMatchObject({ ok: true, events: 5n });
      const { rows } = await sql<{ payload: unknown }>`
        SELECT payload FROM ledger_events ORDER BY seq`.execute(db);
      expect(rows.map((r) => r.payload)).toEqual(events.map((e) => e.payload));
      // The migration lifted the append-only rules only for itself.
      await expect(sql`UPDATE ledger_events SET canonical = '{}'`.execute(db)).rejects.toThrow(
        /permission denied|append-only/,
      );
    });
  });

  it('a row changed before the migration is still named after it', async () => {
    await withFreshDatabase(database(), async (db) => {
      const events = olderEvents().map((e) =>
        e.seq === 3n ? { ...e, payload: { ...e.payload, totalMinor: '1' } } : e,
      );
      await writeAsBefore(db, events);
      await migrateToLatest(db, ledgerMigrations);
      expect(await verifyLedger(db)).toMatchObject({ ok: false, seq: 3n, events: 2n });
    });
  });
});
