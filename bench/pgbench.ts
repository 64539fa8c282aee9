import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { PostgresCluster } from '../src/testing/postgres-cluster.ts';

const run = promisify(execFile);
const PGBENCH = '/usr/bin/pgbench';

/** pgbench's rate on the same cluster, the peer the ledger's append rate is read against. */
export interface PgbenchRate {
  clients: number;
  threads: number;
  seconds: number;
  tps: number;
}

function connectionArgs(cluster: PostgresCluster, database: string): string[] {
  return ['-h', cluster.host, '-p', String(cluster.port), '-U', cluster.appRole, database];
}

/** Creates pgbench's tables at scale 1 in `database`. */
export async function initPgbench(cluster: PostgresCluster, database: string): Promise<void> {
  await run(PGBENCH, ['-i', '-q', ...connectionArgs(cluster, database)], { timeout: 120_000 });
}

/**
 * Runs pgbench's simple-update script (`-N`: TPC-B-like, without the contended updates of tellers
 * and branches, so clients do not queue on one row) and reads its `tps = …` line.
 */
export async function measurePgbench(
  cluster: PostgresCluster,
  database: string,
  clients: number,
  threads: number,
  seconds: number,
): Promise<PgbenchRate> {
  const { stdout } = await run(
    PGBENCH,
    [
      '-N',
      '-c',
      String(clients),
      '-j',
      String(threads),
      '-T',
      String(seconds),
      ...connectionArgs(cluster, database),
    ],
    { timeout: (seconds + 60) * 1000 },
  );
  const tps = /^tps = ([\d.]+)/m.exec(stdout)?.[1];
  if (tps === undefined) throw new Error(`pgbench printed no tps line:\n${stdout}`);
  return { clients, threads, seconds, tps: Number(tps) };
}
