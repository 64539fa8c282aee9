import { migrations } from '../contexts.ts';
import type { Config } from '../platform/config.ts';
import { type OpenDatabase, openDatabase } from '../platform/db/connect.ts';
import { claimDataDir, pgliteDir } from '../platform/db/data-dir.ts';
import { migrateToLatest, migrationStatus } from '../platform/db/migrate.ts';
import { CliError } from './output.ts';

/** Opens the configured database: PGlite in the data dir (claimed for this process) or PostgreSQL. */
export async function openConfiguredDatabase(config: Config): Promise<OpenDatabase> {
  if (config.storage.kind === 'postgres') {
    const { url, poolSize } = config.storage;
    return openDatabase({ kind: 'postgres', url, poolSize }).catch((error: Error) => {
      throw new CliError(`cannot connect to PostgreSQL: ${error.message}`);
    });
  }
  const release = await claimDataDir(config.storage.dataDir);
  const opened = await openDatabase({ kind: 'pglite', dataDir: pgliteDir(config.storage.dataDir) });
  return {
    ...opened,
    async close() {
      await opened.close();
      await release();
    },
  };
}

/**
 * Runs work on the configured database and always closes it. Commands that only read refuse a
 * database with pending migrations (`require`); commands that write apply them first, as
 * `qm serve` does (`apply`).
 */
export async function withDatabase<T>(
  config: Config,
  migrationsPending: 'require' | 'apply',
  work: (database: OpenDatabase) => Promise<T>,
): Promise<T> {
  const database = await openConfiguredDatabase(config);
  try {
    if (migrationsPending === 'apply') {
      await migrateToLatest(database.db, migrations);
    } else {
      const pending = (await migrationStatus(database.db, migrations)).filter(
        (m) => m.executedAt === undefined,
      );
      if (pending.length > 0) {
        throw new CliError(`${pending.length} migration(s) are pending: run \`qm migrate\` first`);
      }
    }
    return await work(database);
  } finally {
    await database.close();
  }
}
