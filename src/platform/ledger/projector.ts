import { sql } from 'kysely';
import type { Db, Trx } from '../db/database.ts';
import type { ProjectedEvent } from './model.ts';
import { readEventsAfter } from './store.ts';

/**
 * Keeps read tables in step with the ledger. The same `project` runs live, inside the command's
 * transaction just before its events are appended, and on replay, over the whole ledger in
 * batches; so it must give the same tables for any split of the same sequence of events.
 */
export interface Projector {
  name: string;
  /** The tables this projector alone writes; replay empties them first. */
  tables: readonly string[];
  project(trx: Trx, events: readonly ProjectedEvent[]): Promise<void>;
}

/** Applies events to every projector, in order. */
export async function projectAll(
  trx: Trx,
  projectors: readonly Projector[],
  events: readonly ProjectedEvent[],
): Promise<void> {
  for (const projector of projectors) await projector.project(trx, events);
}

/**
 * Rebuilds every projector's tables from the ledger, in one transaction: empties them, then feeds
 * all events in seq order. The ledger itself is only read.
 */
export async function replay(
  db: Db,
  projectors: readonly Projector[],
  options: { batchSize?: number; onProgress?: (events: bigint) => void } = {},
): Promise<{ events: bigint }> {
  const batchSize = options.batchSize ?? 5000;
  return db.transaction().execute(async (trx) => {
    const tables = projectors.flatMap((p) => p.tables);
    if (tables.length > 0) {
      await sql`TRUNCATE ${sql.join(tables.map((t) => sql.table(t)))}`.execute(trx);
    }
    let after = 0n;
    for (;;) {
      const batch = await readEventsAfter(trx, after, batchSize);
      await projectAll(trx, projectors, batch);
      after = batch.at(-1)?.seq ?? after;
      options.onProgress?.(after);
      if (batch.length < batchSize) return { events: after };
    }
  });
}
