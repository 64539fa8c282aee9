import { sql } from 'kysely';
import type { Db } from '../platform/db/database.ts';

/** Every row of some read tables in a fixed order, to compare before and after replay. */
export async function projectionRows(db: Db, tables: readonly string[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const table of tables) {
    const { rows } = await sql`SELECT * FROM ${sql.table(table)} t ORDER BY t::text`.execute(db);
    out.push(table, rows);
  }
  return out;
}
