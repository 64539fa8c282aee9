import type { Selectable } from 'kysely';
import type { Executor, Trx } from '../../platform/db/database.ts';
import type { BidEnvelope, Lot, Tender } from '../model/tender.ts';
import type { TenderBidsTable, TenderLotsTable, TendersTable } from './tables.ts';

function toLot(row: Selectable<TenderLotsTable>): Lot {
  return {
    lot: row.lot,
    title: row.title,
    items: row.items,
    quantity: row.quantity,
    nations: row.nations,
    requirements: row.requirements,
    ceiling: row.ceiling_minor,
    durationMonths: row.duration_months,
    awards: row.awards,
    agreementId: row.agreement_id,
  };
}

function toTender(row: Selectable<TendersTable>, lots: Lot[]): Tender {
  return {
    id: row.id,
    title: row.title,
    currency: row.currency,
    currencies: row.conversions.map((c) => c.from),
    state: row.state,
    bidDeadline: row.bid_deadline,
    standstillDays: row.standstill_days,
    standstillEndsAt: row.standstill_ends_at,
    eligibility: row.eligibility,
    conversions: row.conversions,
    method: row.method,
    documents: row.documents,
    documentsVersion: row.documents_version,
    publishedAt: row.published_at,
    cancelReason: row.cancel_reason,
    award: row.award?.map((a) => ({ ...a, price: BigInt(a.price) })) ?? null,
    awardProposedBy: row.award_proposed_by,
    lots,
  };
}

async function lotsOf(db: Executor, tenderId: string): Promise<Lot[]> {
  const rows = await db
    .selectFrom('tender_lots')
    .selectAll()
    .where('tender_id', '=', tenderId)
    .orderBy('lot')
    .execute();
  return rows.map(toLot);
}

/** A tender with its lots. */
export async function findTender(db: Executor, id: string): Promise<Tender | undefined> {
  const row = await db.selectFrom('tenders').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toTender(row, await lotsOf(db, id));
}

/** Locks a tender's row for a command that moves it, and reads it with its lots. */
export async function lockTender(trx: Trx, id: string): Promise<Tender | undefined> {
  const row = await trx
    .selectFrom('tenders')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row === undefined ? undefined : toTender(row, await lotsOf(trx, id));
}

/** Tenders, newest deadline first, optionally only those in some states. */
export async function listTenders(
  db: Executor,
  states?: readonly Tender['state'][],
): Promise<Tender[]> {
  let query = db.selectFrom('tenders').selectAll();
  if (states !== undefined) query = query.where('state', 'in', states);
  const rows = await query.orderBy('bid_deadline', 'desc').orderBy('id').execute();
  return Promise.all(rows.map(async (row) => toTender(row, await lotsOf(db, row.id))));
}

/** The tenders whose state the clock may move: published, or awarded in standstill. */
export async function tendersInMotion(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('tenders')
    .select('id')
    .where('state', 'in', ['published', 'awarded'])
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

function toBid(row: Selectable<TenderBidsTable>): BidEnvelope {
  return {
    id: row.id,
    tender: row.tender_id,
    lot: row.lot,
    supplier: row.supplier,
    state: row.state,
    commitment: row.commitment,
    submittedAt: row.submitted_at,
    finalSubmittedAt: row.final_submitted_at,
    documentsVersion: row.documents_version,
    setAsideReason: row.set_aside_reason,
    setAsideDetail: row.set_aside_detail,
  };
}

/** A tender's bids, optionally one supplier's only. */
export async function bidsOf(
  db: Executor,
  tenderId: string,
  supplier?: string,
): Promise<BidEnvelope[]> {
  let query = db.selectFrom('tender_bids').selectAll().where('tender_id', '=', tenderId);
  if (supplier !== undefined) query = query.where('supplier', '=', supplier);
  const rows = await query.orderBy('submitted_at').orderBy('id').execute();
  return rows.map(toBid);
}

/** One bid's envelope. */
export async function findBid(
  db: Executor,
  tenderId: string,
  bidId: string,
): Promise<BidEnvelope | undefined> {
  const row = await db
    .selectFrom('tender_bids')
    .selectAll()
    .where('tender_id', '=', tenderId)
    .where('id', '=', bidId)
    .executeTakeFirst();
  return row === undefined ? undefined : toBid(row);
}

/** An opened bid's revealed content (as JSON) and salt; undefined before the opening. */
export async function revealedBid(
  db: Executor,
  bidId: string,
): Promise<{ content: unknown; salt: string } | undefined> {
  const row = await db
    .selectFrom('tender_bids')
    .select(['content', 'salt'])
    .where('id', '=', bidId)
    .where('state', '=', 'opened')
    .executeTakeFirst();
  if (row === undefined || row.salt === null) return undefined;
  return { content: row.content, salt: row.salt };
}
