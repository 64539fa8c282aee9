import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { OpenDatabase } from '../src/platform/db/connect.ts';
import type { Dialect } from '../src/platform/db/database.ts';
import { writeItemsFile } from './catalogue-file.ts';
import { type ImportRate, measureImport } from './catalogue-import.ts';
import { measureLookups, measureSearches, type ReadLatency } from './catalogue-queries.ts';
import { deferCleanup } from './cleanup.ts';
import { whole } from './markdown.ts';
import { progress } from './progress.ts';

/** What one database did with a generated catalogue: the import, then reads over it. */
export interface CatalogueFigures {
  dialect: Dialect;
  import: ImportRate;
  lookup: ReadLatency;
  search: ReadLatency;
}

const LOOKUPS = 2000;
const SEARCHES = 500;

/** A temp folder for the run's files, removed when `work` is done however that ends. */
export async function withScratchDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'qm-bench-catalogue-'));
  const remove = deferCleanup(() => rm(dir, { recursive: true, force: true }));
  try {
    return await work(dir);
  } finally {
    await remove();
  }
}

/**
 * Imports `items` generated items with `qm catalogue import` into the database `env` names, then
 * times NSN lookups and name searches over them through `open`, after the ANALYZE that autovacuum
 * would have run (PGlite runs no autovacuum).
 */
export async function measureCatalogue(
  dialect: Dialect,
  env: Record<string, string>,
  open: () => Promise<OpenDatabase>,
  items: number,
  scratch: string,
): Promise<CatalogueFigures> {
  const file = join(scratch, `items-${dialect}.csv`);
  progress(`${dialect}: writing ${whole(items)} generated items to a CSV file`);
  await writeItemsFile(file, items);
  progress(`${dialect}: qm catalogue import of ${whole(items)} items`);
  const imported = await measureImport(env, file, items, join(scratch, `usage-${dialect}.json`));
  progress(
    `  ${imported.seconds.toFixed(1)} s, ${whole(imported.itemsPerSecond)} items/s, peak RSS ${whole(imported.peakRssMiB)} MiB`,
  );
  await rm(file);
  const opened = await open();
  const close = deferCleanup(() => opened.close());
  try {
    await sql`ANALYZE catalogue_items`.execute(opened.db);
    progress(`${dialect}: ${whole(LOOKUPS)} NSN lookups, ${whole(SEARCHES)} name searches`);
    const lookup = await measureLookups(opened.db, items, LOOKUPS);
    const search = await measureSearches(opened.db, items, SEARCHES);
    progress(`  lookup p50 ${lookup.p50.toFixed(2)} ms, search p95 ${search.p95.toFixed(2)} ms`);
    return { dialect, import: imported, lookup, search };
  } finally {
    await close();
  }
}
