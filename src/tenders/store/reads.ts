import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type {
  TenderChallengesTable,
  TenderClarificationsTable,
  TenderRankingsTable,
} from './tables.ts';

/** The supply classes a supplier is registered for. */
export async function classesOf(db: Executor, supplier: string): Promise<string[]> {
  const rows = await db
    .selectFrom('supplier_registrations')
    .select('supply_class')
    .where('supplier', '=', supplier)
    .orderBy('supply_class')
    .execute();
  return rows.map((r) => r.supply_class);
}

export async function clarificationsOf(
  db: Executor,
  tenderId: string,
): Promise<Selectable<TenderClarificationsTable>[]> {
  return db
    .selectFrom('tender_clarifications')
    .selectAll()
    .where('tender_id', '=', tenderId)
    .orderBy('asked_at')
    .orderBy('id')
    .execute();
}

/** Whether an evaluator has declared no conflict of interest for a tender. */
export async function hasDeclared(
  db: Executor,
  tenderId: string,
  evaluator: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('tender_declarations')
    .select('evaluator')
    .where('tender_id', '=', tenderId)
    .where('evaluator', '=', evaluator)
    .executeTakeFirst();
  return row !== undefined;
}

/** A tender's marks, by bid then requirement. */
export async function marksOf(
  db: Executor,
  tenderId: string,
): Promise<Map<string, Map<string, boolean>>> {
  const rows = await db
    .selectFrom('tender_marks')
    .select(['bid_id', 'requirement', 'pass'])
    .where('tender_id', '=', tenderId)
    .execute();
  const marks = new Map<string, Map<string, boolean>>();
  for (const r of rows) {
    const ofBid = marks.get(r.bid_id) ?? new Map<string, boolean>();
    ofBid.set(r.requirement, r.pass);
    marks.set(r.bid_id, ofBid);
  }
  return marks;
}

export async function rankingOf(
  db: Executor,
  tenderId: string,
): Promise<Selectable<TenderRankingsTable>[]> {
  return db
    .selectFrom('tender_rankings')
    .selectAll()
    .where('tender_id', '=', tenderId)
    .orderBy('lot')
    .orderBy('rank')
    .execute();
}

export async function challengesOf(
  db: Executor,
  tenderId: string,
): Promise<Selectable<TenderChallengesTable>[]> {
  return db
    .selectFrom('tender_challenges')
    .selectAll()
    .where('tender_id', '=', tenderId)
    .orderBy('lodged_at')
    .orderBy('id')
    .execute();
}
