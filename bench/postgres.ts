import pg from 'pg';
import { migrations } from '../src/contexts.ts';
import { openDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';
import type { PostgresCluster } from '../src/testing/postgres-cluster.ts';

async function asSuperuser<T>(
  cluster: PostgresCluster,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: cluster.url(cluster.superuser, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database owned by the application role; returns the URL the application would use. */
export async function createAppDatabase(cluster: PostgresCluster, name: string): Promise<string> {
  await asSuperuser(cluster, (client) =>
    client.query(`CREATE DATABASE ${name} OWNER ${cluster.appRole}`),
  );
  return cluster.url(cluster.appRole, name);
}

/** Creates a database as the application would run on, migrated by the application role itself. */
export async function createLedgerDatabase(
  cluster: PostgresCluster,
  name: string,
): Promise<string> {
  const url = await createAppDatabase(cluster, name);
  const opened = await openDatabase({ kind: 'postgres', url, poolSize: 1 });
  try {
    await migrateToLatest(opened.db, migrations);
  } finally {
    await opened.close();
  }
  return url;
}

/**
 * Writes out every dirty page, so that the next figure measures its own work and not the
 * write-back of a bulk load before it. Needs the superuser.
 */
export async function checkpoint(cluster: PostgresCluster): Promise<void> {
  await asSuperuser(cluster, (client) => client.query('CHECKPOINT'));
}
