import type { ColumnType } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { Assessment, Compatibility } from '../model/catalogue.ts';
import type { Level } from '../model/compatibility.ts';

interface CompatibilityHistoryTable {
  event_id: string;
  nsn: string;
  platform: string;
  /** 1 for an edge's first assessment, then 2, …: the ledger's order, whatever the clock said. */
  ordinal: number;
  level: Level;
  source: string;
  as_of: ColumnType<Date, string, string>;
  recorded_by: string;
  recorded_at: ColumnType<Date, string, string>;
}

declare module '../../platform/db/database.ts' {
  interface Database {
    catalogue_compatibility_history: CompatibilityHistoryTable;
  }
}

/** Keeps one assessment of an edge, with who recorded it and when (projection of CompatibilityAssessed). */
export async function addAssessment(
  db: Executor,
  edge: Compatibility,
  recorded: { eventId: string; actor: string; recordedAt: string },
): Promise<void> {
  const last = await db
    .selectFrom('catalogue_compatibility_history')
    .select((eb) => eb.fn.max('ordinal').as('ordinal'))
    .where('nsn', '=', edge.nsn)
    .where('platform', '=', edge.platform)
    .executeTakeFirst();
  await db
    .insertInto('catalogue_compatibility_history')
    .values({
      event_id: recorded.eventId,
      nsn: edge.nsn,
      platform: edge.platform,
      ordinal: (last?.ordinal ?? 0) + 1,
      level: edge.level,
      source: edge.source,
      as_of: edge.asOf,
      recorded_by: recorded.actor,
      recorded_at: recorded.recordedAt,
    })
    .execute();
}

/** Every assessment of an edge, oldest first. */
export async function assessmentsOf(
  db: Executor,
  nsn: string,
  platform: string,
): Promise<Assessment[]> {
  const rows = await db
    .selectFrom('catalogue_compatibility_history')
    .selectAll()
    .where('nsn', '=', nsn)
    .where('platform', '=', platform)
    .orderBy('ordinal')
    .execute();
  return rows.map((row) => ({
    nsn: row.nsn,
    platform: row.platform,
    level: row.level,
    source: row.source,
    asOf: row.as_of.toISOString().slice(0, 10),
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at.toISOString(),
  }));
}
