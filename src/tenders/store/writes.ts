import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type {
  TenderBidsTable,
  TenderChallengesTable,
  TenderClarificationsTable,
  TenderLotsTable,
  TenderRankingsTable,
  TendersTable,
} from './tables.ts';

// The projector's writes: one function per table, the rows mapped by the projector from events.

export async function insertTender(
  db: Executor,
  tender: Insertable<TendersTable>,
  lots: readonly Insertable<TenderLotsTable>[],
): Promise<void> {
  await db.insertInto('tenders').values(tender).execute();
  if (lots.length > 0)
    await db
      .insertInto('tender_lots')
      .values([...lots])
      .execute();
}

export async function updateTender(
  db: Executor,
  id: string,
  patch: Updateable<TendersTable>,
): Promise<void> {
  await db.updateTable('tenders').set(patch).where('id', '=', id).execute();
}

export async function setLotAgreement(
  db: Executor,
  tenderId: string,
  lot: string,
  agreementId: string,
): Promise<void> {
  await db
    .updateTable('tender_lots')
    .set({ agreement_id: agreementId })
    .where('tender_id', '=', tenderId)
    .where('lot', '=', lot)
    .execute();
}

export async function insertBid(db: Executor, bid: Insertable<TenderBidsTable>): Promise<void> {
  await db.insertInto('tender_bids').values(bid).execute();
}

export async function updateBids(
  db: Executor,
  ids: readonly string[],
  patch: Updateable<TenderBidsTable>,
): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('tender_bids').set(patch).where('id', 'in', ids).execute();
}

export async function registerClasses(
  db: Executor,
  supplier: string,
  classes: readonly string[],
): Promise<void> {
  await db.deleteFrom('supplier_registrations').where('supplier', '=', supplier).execute();
  if (classes.length === 0) return;
  await db
    .insertInto('supplier_registrations')
    .values(classes.map((c) => ({ supplier, supply_class: c })))
    .execute();
}

export async function insertClarification(
  db: Executor,
  row: Insertable<TenderClarificationsTable>,
): Promise<void> {
  await db.insertInto('tender_clarifications').values(row).execute();
}

export async function answerClarification(
  db: Executor,
  id: string,
  answer: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('tender_clarifications')
    .set({ answer, answered_at: at })
    .where('id', '=', id)
    .execute();
}

export async function insertDeclaration(
  db: Executor,
  row: { tender_id: string; evaluator: string; statement: string; declared_at: string },
): Promise<void> {
  await db.insertInto('tender_declarations').values(row).execute();
}

/** Keeps the latest mark of a bid's requirement. */
export async function putMark(
  db: Executor,
  row: {
    tender_id: string;
    bid_id: string;
    requirement: string;
    pass: boolean;
    justification: string;
    evaluator: string;
  },
): Promise<void> {
  await db
    .insertInto('tender_marks')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['bid_id', 'requirement']).doUpdateSet((eb) => ({
        pass: eb.ref('excluded.pass'),
        justification: eb.ref('excluded.justification'),
        evaluator: eb.ref('excluded.evaluator'),
      })),
    )
    .execute();
}

/** Replaces a tender's ranking. */
export async function putRanking(
  db: Executor,
  tenderId: string,
  rows: readonly Insertable<TenderRankingsTable>[],
): Promise<void> {
  await db.deleteFrom('tender_rankings').where('tender_id', '=', tenderId).execute();
  if (rows.length > 0)
    await db
      .insertInto('tender_rankings')
      .values([...rows])
      .execute();
}

export async function insertChallenge(
  db: Executor,
  row: Insertable<TenderChallengesTable>,
): Promise<void> {
  await db.insertInto('tender_challenges').values(row).execute();
}

export async function decideChallenge(
  db: Executor,
  id: string,
  state: 'upheld' | 'rejected',
  reason: string,
): Promise<void> {
  await db
    .updateTable('tender_challenges')
    .set({ state, decision_reason: reason })
    .where('id', '=', id)
    .execute();
}
