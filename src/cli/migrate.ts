import { migrations } from '../contexts.ts';
import type { Config } from '../platform/config.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { openConfiguredDatabase } from './database.ts';
import { print } from './output.ts';

/** `qm migrate`: applies every pending migration and says which. */
export async function migrate(config: Config, json: boolean): Promise<void> {
  const database = await openConfiguredDatabase(config);
  try {
    const applied = (await migrateToLatest(database.db, migrations)).map((m) => m.migrationName);
    print(
      json,
      { applied },
      applied.length === 0
        ? 'database is up to date'
        : `applied ${applied.length} migration(s): ${applied.join(', ')}`,
    );
  } finally {
    await database.close();
  }
}
