import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrations } from '../src/contexts.ts';
import { type OpenDatabase, openDatabase } from '../src/platform/db/connect.ts';
import { migrateToLatest } from '../src/platform/db/migrate.ts';

/**
 * A migrated PGlite with its data dir on disk, as the embedded default keeps it (in memory it
 * would flatter every figure); closing it removes the dir.
 */
export async function openTemporaryPglite(): Promise<OpenDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'qm-bench-pglite-'));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  let opened: OpenDatabase;
  try {
    opened = await openDatabase({ kind: 'pglite', dataDir });
  } catch (error) {
    await removeDir();
    throw error;
  }
  const close = async () => {
    await opened.close();
    await removeDir();
  };
  try {
    await migrateToLatest(opened.db, migrations);
  } catch (error) {
    await close();
    throw error;
  }
  return { ...opened, close };
}
