import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { migrations } from '../src/contexts.ts';
import { type OpenDatabase, openDatabase } from '../src/platform/db/connect.ts';
import { pgliteDir } from '../src/platform/db/data-dir.ts';
import type { Db, Dialect } from '../src/platform/db/database.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import { VERIFY_CONNECTIONS } from '../src/platform/ledger/verify.ts';
import { type PostgresCluster, startPostgresCluster } from '../src/testing/postgres-cluster.ts';
import { PARTS, type Part, writeParts } from './benchmarks-file.ts';
import { CALL_OFF_CLIENTS, type CallOffRate, measureCallOffs } from './call-offs.ts';
import { type InProcessCallOffRate, measureCallOffsInProcess } from './call-offs-in-process.ts';
import { type CatalogueFigures, measureCatalogue, withScratchDir } from './catalogue.ts';
import { abandonRun, deferCleanup } from './cleanup.ts';
import { type DemandImportRate, measureDemandImport } from './demand-import.ts';
import { type AppendRate, type AppendWindow, measureAppendRate } from './ledger-append.ts';
import { fillWithCopy, fillWithInserts } from './ledger-fill.ts';
import { measureVerify, type VerifyRate } from './ledger-verify.ts';
import { databaseVersion, describeMachine } from './machine.ts';
import { whole } from './markdown.ts';
import { callOffPlaced } from './payload.ts';
import { initPgbench, measurePgbench, type PgbenchRate } from './pgbench.ts';
import { openTemporaryPglite } from './pglite.ts';
import { measurePlanner } from './planner.ts';
import { PLANNER_SIZES } from './planner-instance.ts';
import { checkpoint, createAppDatabase, createLedgerDatabase } from './postgres.ts';
import { progress } from './progress.ts';
import { type PlannerResults, plannerPart, type StoreResults, storePart } from './report.ts';
import { measureVerifyBreakdown } from './verify-breakdown.ts';

const WINDOW: AppendWindow = { warmupMs: 1000, measureMs: 5000 };
const WRITERS = [1, 8] as const;
const PGBENCH_SECONDS = 5;
const POSTGRES_EVENTS = 1_000_000n;
const PGLITE_EVENTS = 100_000n;
const BREAKDOWN_SAMPLE = 200_000;
const POSTGRES_ITEMS = 1_000_000;
const PGLITE_ITEMS = 1_000_000;
const DEMAND_ROWS = 50_000;
/**
 * The planner's LP solvers may each run 10 min; all of them together 75 min at most, or the
 * minutes `QM_BENCH_PLANNER_MINUTES` allows (the report names what the budget left unrun).
 */
const PLANNER_SOLVER_SECONDS = 600;

function plannerBudgetSeconds(): number {
  const minutes = Number(process.env.QM_BENCH_PLANNER_MINUTES ?? 75);
  if (!(minutes > 0))
    throw new RangeError('QM_BENCH_PLANNER_MINUTES must be a number of minutes above 0');
  return minutes * 60;
}

/** How long a part may run before the run is abandoned. */
function timeLimitMs(part: Part, plannerBudget: number): number {
  return part === 'store' ? 30 * 60_000 : (plannerBudget + 2 * PLANNER_SOLVER_SECONDS) * 1000;
}

type Appended = { dialect: Dialect; rate: AppendRate };
type Verified = { dialect: Dialect; rate: VerifyRate };

/** Opens a database and closes it when `work` is done, however that ends. */
async function withDatabase<T>(
  open: () => Promise<OpenDatabase>,
  work: (opened: OpenDatabase) => Promise<T>,
): Promise<T> {
  const opened = await open();
  const close = deferCleanup(() => opened.close());
  try {
    return await work(opened);
  } finally {
    await close();
  }
}

async function appendFigure(
  dialect: Dialect,
  writers: number,
  handles: readonly Db[],
): Promise<Appended> {
  progress(`${dialect}: append rate with ${writers} writer(s)`);
  const rate = await measureAppendRate(handles, WINDOW);
  progress(`  ${whole(rate.eventsPerSecond)} events/s`);
  return { dialect, rate };
}

/** PostgreSQL: one connection per writer, each its own pool of one. */
async function postgresAppends(url: string): Promise<Appended[]> {
  const results: Appended[] = [];
  for (const writers of WRITERS) {
    const pools: OpenDatabase[] = [];
    const closeAll = deferCleanup(async () => {
      await Promise.all(pools.map((pool) => pool.close()));
    });
    try {
      for (let i = 0; i < writers; i++) {
        pools.push(await openDatabase({ kind: 'postgres', url, poolSize: 1 }));
      }
      results.push(
        await appendFigure(
          'postgres',
          writers,
          pools.map((pool) => pool.db),
        ),
      );
    } finally {
      await closeAll();
    }
  }
  return results;
}

async function pgbenchFigures(cluster: PostgresCluster): Promise<PgbenchRate[]> {
  const database = 'qm_bench_pgbench';
  await createAppDatabase(cluster, database);
  progress('pgbench: initialising');
  await initPgbench(cluster, database);
  const results: PgbenchRate[] = [];
  // Its own writers' counts, and the call-off bench's clients, each compared with one of them.
  for (const clients of [...WRITERS, CALL_OFF_CLIENTS]) {
    progress(`pgbench -N with ${clients} client(s)`);
    const rate = await measurePgbench(
      cluster,
      database,
      clients,
      Math.min(clients, 2),
      PGBENCH_SECONDS,
    );
    progress(`  ${whole(rate.tps)} tps`);
    results.push(rate);
  }
  return results;
}

async function verifyFigure(dialect: Dialect, db: Db): Promise<Verified> {
  progress(`${dialect}: verifying the whole ledger`);
  // As `qm ledger verify` does: PGlite has the one connection.
  const rate = await measureVerify(db, dialect === 'postgres' ? VERIFY_CONNECTIONS : 1);
  progress(
    `  ${whole(rate.events)} events in ${rate.seconds.toFixed(1)} s, ${whole(rate.eventsPerSecond)} events/s`,
  );
  return { dialect, rate };
}

async function postgresCatalogue(cluster: PostgresCluster): Promise<CatalogueFigures> {
  const url = await createLedgerDatabase(cluster, 'qm_bench_catalogue');
  const env = { DATABASE_URL: url, QM_MASTER_KEY: randomBytes(32).toString('hex') };
  return withScratchDir((scratch) =>
    measureCatalogue(
      'postgres',
      env,
      () => openDatabase({ kind: 'postgres', url, poolSize: 1 }),
      POSTGRES_ITEMS,
      scratch,
    ),
  );
}

/** PGlite: `qm` runs on a data dir of its own, which the reads open once it has exited. */
function pgliteCatalogue(): Promise<CatalogueFigures> {
  return withScratchDir((scratch) => {
    const dataDir = join(scratch, 'data');
    return measureCatalogue(
      'pglite',
      { QM_DATA_DIR: dataDir },
      () => openDatabase({ kind: 'pglite', dataDir: pgliteDir(dataDir) }),
      PGLITE_ITEMS,
      scratch,
    );
  });
}

async function postgresCallOffs(cluster: PostgresCluster): Promise<CallOffRate> {
  const url = await createLedgerDatabase(cluster, 'qm_bench_call_offs');
  return measureCallOffs(
    'postgres',
    { DATABASE_URL: url, QM_MASTER_KEY: randomBytes(32).toString('hex') },
    () => openDatabase({ kind: 'postgres', url, poolSize: 2 }),
    await cluster.postmasterPid(),
  );
}

/** The same call-offs on PostgreSQL, placed in the bench's process without HTTP. */
async function postgresCallOffsInProcess(cluster: PostgresCluster): Promise<InProcessCallOffRate> {
  const url = await createLedgerDatabase(cluster, 'qm_bench_call_offs_in_process');
  return measureCallOffsInProcess(
    () => openDatabase({ kind: 'postgres', url, poolSize: CALL_OFF_CLIENTS }),
    await cluster.postmasterPid(),
  );
}

/** PGlite: the fixtures are written to a data dir, which `qm serve` then opens on its own. */
function pgliteCallOffs(): Promise<CallOffRate> {
  return withScratchDir((scratch) => {
    const dataDir = join(scratch, 'call-offs');
    return measureCallOffs('pglite', { QM_DATA_DIR: dataDir }, async () => {
      await mkdir(dataDir, { recursive: true });
      const opened = await openDatabase({ kind: 'pglite', dataDir: pgliteDir(dataDir) });
      await migrateToLatest(opened.db, migrations);
      return opened;
    });
  });
}

/** `qm demand import` of an XLSX file, in process, on a database of its own. */
async function postgresDemandImport(cluster: PostgresCluster): Promise<DemandImportRate> {
  const url = await createLedgerDatabase(cluster, 'qm_bench_demand');
  return withDatabase(
    () => openDatabase({ kind: 'postgres', url, poolSize: 2 }),
    ({ db }) =>
      withScratchDir((scratch) => measureDemandImport('postgres', db, DEMAND_ROWS, scratch)),
  );
}

/** PGlite: on disk, in the importing process, as the embedded default runs. */
function pgliteDemandImport(): Promise<DemandImportRate> {
  return withDatabase(openTemporaryPglite, ({ db }) =>
    withScratchDir((scratch) => measureDemandImport('pglite', db, DEMAND_ROWS, scratch)),
  );
}

async function postgresFigures(cluster: PostgresCluster) {
  const url = await createLedgerDatabase(cluster, 'qm_bench_ledger');
  const append = await postgresAppends(url);
  const pgbench = await pgbenchFigures(cluster);
  const callOffs = await postgresCallOffs(cluster);
  const callOffsInProcess = await postgresCallOffsInProcess(cluster);
  const catalogue = await postgresCatalogue(cluster);
  const demandImport = await postgresDemandImport(cluster);
  return withDatabase(
    () => openDatabase({ kind: 'postgres', url, poolSize: VERIFY_CONNECTIONS }),
    async ({ db }) => {
      progress(`postgres: filling the ledger to ${whole(POSTGRES_EVENTS)} events`);
      await fillWithCopy(db, url, POSTGRES_EVENTS);
      await sql`VACUUM ANALYZE ledger_events`.execute(db);
      await checkpoint(cluster);
      const verify = await verifyFigure('postgres', db);
      progress(`postgres: timing verification step by step over ${whole(BREAKDOWN_SAMPLE)} events`);
      const breakdown = await measureVerifyBreakdown(db, BREAKDOWN_SAMPLE);
      const version = await databaseVersion(db);
      return {
        append,
        pgbench,
        verify,
        breakdown,
        version,
        catalogue,
        callOffs,
        callOffsInProcess,
        demandImport,
      };
    },
  );
}

/** PGlite: every writer shares the one in-process database, as the embedded default runs. */
async function pgliteFigures() {
  progress('pglite: creating a database on disk');
  return withDatabase(openTemporaryPglite, async ({ db }) => {
    const append: Appended[] = [];
    for (const writers of WRITERS) {
      append.push(
        await appendFigure(
          'pglite',
          writers,
          Array.from({ length: writers }, () => db),
        ),
      );
    }
    progress(`pglite: filling the ledger to ${whole(PGLITE_EVENTS)} events`);
    await fillWithInserts(db, PGLITE_EVENTS);
    await sql`VACUUM ANALYZE ledger_events`.execute(db);
    const verify = await verifyFigure('pglite', db);
    const version = await databaseVersion(db);
    return { append, verify, version };
  });
}

async function pgliteAll() {
  const figures = await pgliteFigures();
  const callOffs = await pgliteCallOffs();
  const catalogue = await pgliteCatalogue();
  return { ...figures, catalogue, callOffs, demandImport: await pgliteDemandImport() };
}

/** The stores' part: a durable PostgreSQL cluster of its own, then PGlite. */
async function storeRun(): Promise<StoreResults> {
  const startedAt = new Date();
  const start = performance.now();
  const loadAverage = loadavg()[0] ?? 0;
  progress('starting a durable PostgreSQL cluster on 127.0.0.1');
  const cluster = await startPostgresCluster({ durable: true });
  const stopCluster = deferCleanup(() => cluster.stop());
  try {
    const postgres = await postgresFigures(cluster);
    const pglite = await pgliteAll();
    return {
      startedAt,
      seconds: (performance.now() - start) / 1000,
      machine: await describeMachine({ postgres: postgres.version, pglite: pglite.version }),
      loadAverage,
      window: WINDOW,
      payloadBytes: Buffer.byteLength(JSON.stringify(callOffPlaced(0).payload)),
      append: [...postgres.append, ...pglite.append],
      pgbench: postgres.pgbench,
      verify: [postgres.verify, pglite.verify],
      breakdown: postgres.breakdown,
      catalogue: [postgres.catalogue, pglite.catalogue],
      callOffs: [postgres.callOffs, pglite.callOffs],
      callOffsInProcess: postgres.callOffsInProcess,
      demandImport: [postgres.demandImport, pglite.demandImport],
    };
  } finally {
    progress('stopping the PostgreSQL cluster');
    await stopCluster();
  }
}

async function plannerRun(budgetSeconds: number): Promise<PlannerResults> {
  const startedAt = new Date();
  const start = performance.now();
  const loadAverage = loadavg()[0] ?? 0;
  const planner = await measurePlanner(PLANNER_SIZES, PLANNER_SOLVER_SECONDS, budgetSeconds);
  return {
    startedAt,
    seconds: (performance.now() - start) / 1000,
    machine: await describeMachine(),
    loadAverage,
    planner,
  };
}

/** The parts named on the command line, every part when none is. */
function partsToRun(args: readonly string[]): Part[] {
  const unknown = args.filter((arg) => !(PARTS as readonly string[]).includes(arg));
  if (unknown.length > 0) {
    throw new RangeError(
      `no benchmark part "${unknown.join('", "')}"; the parts are ${PARTS.join(', ')}`,
    );
  }
  return args.length === 0 ? [...PARTS] : PARTS.filter((part) => args.includes(part));
}

async function main(): Promise<void> {
  let parts: Part[];
  let plannerBudget: number;
  try {
    parts = partsToRun(process.argv.slice(2));
    plannerBudget = plannerBudgetSeconds();
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const limit = parts.reduce((sum, part) => sum + timeLimitMs(part, plannerBudget), 0);
  setTimeout(() => void abandonRun('the run took longer than its time limit', 1), limit).unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void abandonRun(signal, 130));
  }
  // Each part is written as soon as it is measured, so a later part's failure loses nothing.
  if (parts.includes('store')) {
    const path = await writeParts({ store: storePart(await storeRun()) });
    progress(`wrote the store part of ${path}`);
  }
  if (parts.includes('planner')) {
    const path = await writeParts({ planner: plannerPart(await plannerRun(plannerBudget)) });
    progress(`wrote the planner part of ${path}`);
  }
}

main().catch((error: unknown) => {
  progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
