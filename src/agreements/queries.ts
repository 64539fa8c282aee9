import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import { stateOn } from './model/agreement.ts';
import { findAgreement, listAgreements, type StoredAgreement } from './store.ts';

export type { CallOff, Delivery, StoredAgreement } from './store.ts';
export {
  anyAgreement,
  deliveriesOf,
  findCallOff,
  listCallOffs,
  partiesOfAgreement,
  partiesOfCallOff,
  proposalsOf,
  timelineOf,
} from './store.ts';

/** An agreement with its state as of a day (an active agreement past its end has expired). */
export async function agreementAsOf(
  db: Executor,
  id: string,
  day: string,
): Promise<StoredAgreement | undefined> {
  const agreement = await findAgreement(db, id);
  return agreement === undefined ? undefined : { ...agreement, state: stateOn(agreement, day) };
}

export async function agreementsAsOf(
  db: Executor,
  day: string,
  filter: { party?: string },
): Promise<StoredAgreement[]> {
  const agreements = await listAgreements(db, filter);
  return agreements.map((a) => ({ ...a, state: stateOn(a, day) }));
}

/** Money figures of one slice of the call-offs, in one currency. */
export interface Figures {
  currency: string;
  /** The ceiling over the slice, where it has one (an agreement, a capped nation). */
  ceiling: bigint | null;
  committed: bigint;
  delivered: bigint;
  remaining: bigint | null;
  callOffs: bigint;
}

interface SliceRow {
  key: string;
  currency: string;
  committed: bigint;
  delivered: bigint;
  call_offs: bigint;
}

/**
 * Committed and delivered value of live call-offs, summed by a column, in the agreement's
 * currency. Delivered value is the accepted share of each call-off's value, rounded down.
 */
async function slices(
  db: Executor,
  by: 'agreement_id' | 'nation' | 'supplier',
  filter: { agreement?: string; party?: string },
): Promise<SliceRow[]> {
  const agreement = filter.agreement ?? null;
  const party = filter.party ?? null;
  const result = await sql<SliceRow>`
    SELECT c.${sql.ref(by)} AS key, c.ceiling_currency AS currency,
           sum(c.ceiling_value_minor) AS committed,
           sum(c.ceiling_value_minor * c.accepted_quantity / c.quantity) AS delivered,
           count(*) AS call_offs
      FROM call_offs c
     WHERE c.state <> 'cancelled'
       AND (${agreement}::uuid IS NULL OR c.agreement_id = ${agreement}::uuid)
       AND (${party}::text IS NULL OR c.nation = ${party}::text OR c.supplier = ${party}::text)
     GROUP BY c.${sql.ref(by)}, c.ceiling_currency
     ORDER BY 1, 2`.execute(db);
  return result.rows;
}

const figure = (row: SliceRow | undefined, currency: string, ceiling: bigint | null): Figures => {
  const committed = row?.committed ?? 0n;
  return {
    currency,
    ceiling,
    committed,
    delivered: row?.delivered ?? 0n,
    remaining: ceiling === null ? null : ceiling - committed,
    callOffs: row?.call_offs ?? 0n,
  };
};

/** One agreement's figures: in total, by nation and by supplier, narrowed to a party if given. */
export async function agreementFigures(
  db: Executor,
  agreement: StoredAgreement,
  party?: string,
): Promise<{
  total: Figures;
  nations: (Figures & { nation: string })[];
  suppliers: (Figures & { supplier: string })[];
}> {
  const scope = { agreement: agreement.id, ...(party === undefined ? {} : { party }) };
  const [total, nations, suppliers] = await Promise.all([
    slices(db, 'agreement_id', { agreement: agreement.id }),
    slices(db, 'nation', scope),
    slices(db, 'supplier', scope),
  ]);
  const nationRows = new Map(nations.map((r) => [r.key, r]));
  const supplierRows = new Map(suppliers.map((r) => [r.key, r]));
  const visible = (p: string) => party === undefined || p === party;
  return {
    total: figure(total[0], agreement.currency, agreement.ceiling),
    nations: agreement.nations
      .filter((n) => visible(n.nation) || nationRows.has(n.nation))
      .map((n) => ({
        nation: n.nation,
        ...figure(nationRows.get(n.nation), agreement.currency, n.subCeiling),
      })),
    suppliers: agreement.suppliers
      .filter((s) => visible(s.supplier) || supplierRows.has(s.supplier))
      .map((s) => ({
        supplier: s.supplier,
        ...figure(supplierRows.get(s.supplier), agreement.currency, null),
      })),
  };
}

/**
 * The pool's figures, as the dashboard shows them: every agreement in force or done (drafts are
 * not yet agreements), and the totals by currency.
 */
export async function poolFigures(
  db: Executor,
  day: string,
): Promise<{
  totals: Figures[];
  agreements: (Figures & { id: string; title: string; lot: string | null; state: string })[];
}> {
  const agreements = (await agreementsAsOf(db, day, {})).filter((a) => a.state !== 'draft');
  const rows = new Map((await slices(db, 'agreement_id', {})).map((r) => [r.key, r]));
  const perAgreement = agreements.map((a) => ({
    id: a.id,
    title: a.title,
    lot: a.lot,
    state: a.state,
    ...figure(rows.get(a.id), a.currency, a.ceiling),
  }));
  const totals = new Map<string, Figures>();
  for (const a of perAgreement) {
    const sum = totals.get(a.currency) ?? figure(undefined, a.currency, 0n);
    totals.set(a.currency, {
      currency: a.currency,
      ceiling: (sum.ceiling ?? 0n) + (a.ceiling ?? 0n),
      committed: sum.committed + a.committed,
      delivered: sum.delivered + a.delivered,
      remaining: (sum.remaining ?? 0n) + (a.remaining ?? 0n),
      callOffs: sum.callOffs + a.callOffs,
    });
  }
  return { totals: [...totals.values()], agreements: perAgreement };
}
