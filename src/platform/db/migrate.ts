import { type Kysely, type Migration, type MigrationResult, Migrator } from 'kysely';
import type { Db } from './database.ts';

/**
 * One schema change. Names sort globally across contexts (`YYYY-MM-DD-NN-context-what`), so a
 * context adds migrations without knowing the others'. Migrations see the database untyped:
 * they create the tables the typed `Database` later describes.
 */
export interface NamedMigration {
  name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

/** The state of one known migration. */
export interface MigrationStatus {
  name: string;
  executedAt: Date | undefined;
}

function migratorFor(db: Db, migrations: readonly NamedMigration[]): Migrator {
  const byName: Record<string, Migration> = {};
  for (const migration of migrations) {
    if (byName[migration.name] !== undefined) {
      throw new Error(`two migrations are named ${migration.name}`);
    }
    byName[migration.name] = { up: migration.up };
  }
  return new Migrator({ db, provider: { getMigrations: async () => byName } });
}

/** Applies every migration not yet applied, in name order. Safe to run concurrently: Kysely locks. */
export async function migrateToLatest(
  db: Db,
  migrations: readonly NamedMigration[],
): Promise<readonly MigrationResult[]> {
  const { error, results } = await migratorFor(db, migrations).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${(error as Error).message}`, { cause: error });
  }
  return results ?? [];
}

/** Every known migration with whether it has been applied. */
export async function migrationStatus(
  db: Db,
  migrations: readonly NamedMigration[],
): Promise<MigrationStatus[]> {
  const infos = await migratorFor(db, migrations).getMigrations();
  return infos.map((info) => ({ name: info.name, executedAt: info.executedAt }));
}
