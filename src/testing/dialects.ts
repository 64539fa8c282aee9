import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, inject } from 'vitest';
import { migrations } from '../contexts.ts';
import { type OpenDatabase, openDatabase } from '../platform/db/connect.ts';
import type { Db, Dialect, Trx } from '../platform/db/database.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { testDialects } from './selection.ts';

/** A migrated database for one test file, emptied before each test. */
export interface TestDatabase {
  dialect: Dialect;
  /** What the application uses: on PostgreSQL a role without superuser rights. */
  db: Db;
  /** A superuser handle to the same data, for resetting and for tampering as an attacker would. */
  admin: Db;
  /** How a second process would connect (PostgreSQL only). */
  appUrl: string | undefined;
}

async function openPglite(): Promise<TestDatabase & { close(): Promise<void> }> {
  const opened = await openDatabase({ kind: 'pglite', dataDir: 'memory://' });
  await migrateToLatest(opened.db, migrations);
  return {
    dialect: 'pglite',
    db: opened.db,
    admin: opened.db,
    appUrl: undefined,
    close: opened.close,
  };
}

async function openPostgres(): Promise<TestDatabase & { close(): Promise<void> }> {
  const cluster = inject('postgres');
  const url = (user: string, database: string) =>
    `postgres://${user}@${cluster.host}:${cluster.port}/${database}`;
  const database = `qm_test_${process.env.VITEST_POOL_ID ?? '0'}`;
  const bootstrap = new pg.Client({ connectionString: url(cluster.superuser, 'postgres') });
  await bootstrap.connect();
  try {
    await bootstrap.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await bootstrap.query(`CREATE DATABASE ${database} OWNER ${cluster.appRole}`);
  } finally {
    await bootstrap.end();
  }
  const app: OpenDatabase = await openDatabase({
    kind: 'postgres',
    url: url(cluster.appRole, database),
  });
  await migrateToLatest(app.db, migrations);
  const admin = await openDatabase({
    kind: 'postgres',
    url: url(cluster.superuser, database),
    poolSize: 2,
  });
  return {
    dialect: 'postgres',
    db: app.db,
    admin: admin.db,
    appUrl: url(cluster.appRole, database),
    async close() {
      await app.close();
      await admin.close();
    },
  };
}

/**
 * Empties every table but the migrator's, and puts the ledger head back at genesis. Triggers are
 * off for the moment (replica role), which only a superuser may do: this is the test harness
 * acting, never the application.
 */
async function resetDatabase(admin: Db): Promise<void> {
  await admin.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    const { rows } = await sql<{ tablename: string }>`
      SELECT tablename FROM pg_tables
      WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_migration%' AND tablename <> 'ledger_head'`.execute(
      trx,
    );
    if (rows.length > 0) {
      await sql`TRUNCATE ${sql.join(rows.map((r) => sql.table(r.tablename)))}`.execute(trx);
    }
    await sql`UPDATE ledger_head SET seq = 0, hash = ${new Uint8Array(32)}`.execute(trx);
  });
}

/**
 * Declares the suite once per dialect (`name [pglite]`, `name [postgres]`), each with its own
 * migrated database, emptied before every test.
 */
export function describeEachDialect(
  name: string,
  body: (database: () => TestDatabase) => void,
): void {
  describe.each(testDialects())(`${name} [%s]`, (dialect) => {
    let opened: (TestDatabase & { close(): Promise<void> }) | undefined;
    beforeAll(async () => {
      opened = dialect === 'pglite' ? await openPglite() : await openPostgres();
    }, 60_000);
    beforeEach(async () => {
      if (opened !== undefined) await resetDatabase(opened.admin);
    });
    afterAll(async () => {
      await opened?.close();
    });
    body(() => {
      if (opened === undefined) throw new Error('the test database is not open yet');
      return opened;
    });
  });
}

/**
 * Runs SQL as someone with direct access to the database would: as superuser, triggers off.
 * Tests use it to tamper with the ledger and check that verification notices.
 */
export async function asIntruder(admin: Db, work: (trx: Trx) => Promise<unknown>): Promise<void> {
  await admin.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await work(trx);
  });
}
