import type { Executor, Trx } from '../../platform/db/database.ts';
import type { AgreementEventPayload } from '../events.ts';
import type { Agreement, AgreementState, SupplierTerm } from '../model/agreement.ts';
import type { AgreementsTable } from './tables.ts';

/** An agreement as stored, with the value its call-offs commit. */
export interface StoredAgreement extends Agreement {
  committed: bigint;
  createdAt: string;
}

export type AgreementRow = Omit<AgreementsTable, 'committed_minor'> & { committed_minor: bigint };

type Terms = Pick<Agreement, 'items' | 'nations' | 'suppliers'>;

// No event changes an agreement's items, nations or supplier terms once it is entered, so each
// process reads them once: a call-off then costs one row lock instead of five queries. An event
// that amends terms would have to be read past this cache.
const termsById = new Map<string, Terms>();

async function termsOf(db: Executor, id: string): Promise<Terms> {
  const known = termsById.get(id);
  if (known !== undefined) return known;
  const [items, nations, suppliers, tiers] = await Promise.all([
    db
      .selectFrom('agreement_items')
      .select('nsn')
      .where('agreement_id', '=', id)
      .orderBy('nsn')
      .execute(),
    db
      .selectFrom('agreement_nations')
      .select(['nation', 'sub_ceiling_minor'])
      .where('agreement_id', '=', id)
      .orderBy('nation')
      .execute(),
    db
      .selectFrom('agreement_suppliers')
      .selectAll()
      .where('agreement_id', '=', id)
      .orderBy('rank')
      .execute(),
    db
      .selectFrom('agreement_tiers')
      .selectAll()
      .where('agreement_id', '=', id)
      .orderBy('supplier')
      .orderBy('nsn')
      .orderBy('from_quantity')
      .execute(),
  ]);
  const terms: Terms = {
    items: items.map((i) => i.nsn),
    nations: nations.map((n) => ({ nation: n.nation, subCeiling: n.sub_ceiling_minor })),
    suppliers: suppliers.map((s) => {
      const prices = new Map<string, SupplierTerm['prices'][number]>();
      for (const t of tiers.filter((t) => t.supplier === s.supplier)) {
        const list = prices.get(t.nsn) ?? { nsn: t.nsn, tiers: [] };
        list.tiers.push({ from: t.from_quantity, unitPrice: t.unit_price_minor });
        prices.set(t.nsn, list);
      }
      return {
        supplier: s.supplier,
        rank: s.rank,
        currency: s.currency,
        monthlyCapacity: s.monthly_capacity,
        prices: [...prices.values()],
      };
    }),
  };
  // An agreement always has items: empty terms were read before its rows were visible.
  if (items.length > 0) termsById.set(id, terms);
  return terms;
}

/** An agreement from its row, with its terms (read once per process). */
export async function assembleAgreement(db: Executor, row: AgreementRow): Promise<StoredAgreement> {
  const terms = await termsOf(db, row.id);
  return {
    id: row.id,
    title: row.title,
    lot: row.lot,
    currency: row.currency,
    ceiling: row.ceiling_minor,
    committed: row.committed_minor,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    state: row.state,
    priceVariationBoundBp: row.price_variation_bound_bp,
    createdAt: row.created_at,
    ...terms,
  };
}

/**
 * Locks an agreement's row for the rest of the transaction and reads it whole: every command on
 * an agreement or its call-offs starts here, so commands on one agreement queue one behind the
 * other and each sees what the one before it committed.
 */
export async function lockAgreement(trx: Trx, id: string): Promise<StoredAgreement | undefined> {
  const row = await trx
    .selectFrom('agreements')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row === undefined ? undefined : assembleAgreement(trx, row);
}

export async function findAgreement(
  db: Executor,
  id: string,
): Promise<StoredAgreement | undefined> {
  const row = await db.selectFrom('agreements').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : assembleAgreement(db, row);
}

/** The parties an agreement belongs to: its nations and its suppliers. */
export async function partiesOfAgreement(db: Executor, id: string): Promise<string[] | undefined> {
  const exists = await db
    .selectFrom('agreements')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  if (exists === undefined) return undefined;
  const [nations, suppliers] = await Promise.all([
    db.selectFrom('agreement_nations').select('nation').where('agreement_id', '=', id).execute(),
    db
      .selectFrom('agreement_suppliers')
      .select('supplier')
      .where('agreement_id', '=', id)
      .execute(),
  ]);
  return [...nations.map((n) => n.nation), ...suppliers.map((s) => s.supplier)];
}

/** Whether any agreement was ever entered. */
export async function anyAgreement(db: Executor): Promise<boolean> {
  const row = await db.selectFrom('agreements').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Agreements, newest first; for a party, only those it takes part in. */
export async function listAgreements(
  db: Executor,
  filter: { party?: string },
): Promise<StoredAgreement[]> {
  let query = db.selectFrom('agreements').selectAll();
  const party = filter.party;
  if (party !== undefined) {
    query = query.where((eb) =>
      eb.or([
        eb(
          'id',
          'in',
          eb.selectFrom('agreement_nations').select('agreement_id').where('nation', '=', party),
        ),
        eb(
          'id',
          'in',
          eb.selectFrom('agreement_suppliers').select('agreement_id').where('supplier', '=', party),
        ),
      ]),
    );
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id').execute();
  return Promise.all(rows.map((row) => assembleAgreement(db, row)));
}

export async function insertAgreement(
  db: Executor,
  created: AgreementEventPayload<'AgreementCreated'>,
  at: string,
  eventId: string,
): Promise<void> {
  await db
    .insertInto('agreements')
    .values({
      id: created.id,
      title: created.title,
      lot: created.lot,
      currency: created.currency,
      ceiling_minor: BigInt(created.ceiling),
      valid_from: created.validFrom,
      valid_to: created.validTo,
      state: 'draft',
      price_variation_bound_bp: created.priceVariationBoundBp,
      created_at: at,
      event_id: eventId,
    })
    .execute();
  const agreement_id = created.id;
  if (created.items.length > 0) {
    await db
      .insertInto('agreement_items')
      .values(created.items.map((nsn) => ({ agreement_id, nsn })))
      .execute();
  }
  if (created.nations.length > 0) {
    await db
      .insertInto('agreement_nations')
      .values(
        created.nations.map((n) => ({
          agreement_id,
          nation: n.nation,
          sub_ceiling_minor: n.subCeiling === null ? null : BigInt(n.subCeiling),
        })),
      )
      .execute();
  }
  if (created.suppliers.length > 0) {
    await db
      .insertInto('agreement_suppliers')
      .values(
        created.suppliers.map((s) => ({
          agreement_id,
          supplier: s.supplier,
          rank: s.rank,
          currency: s.currency,
          monthly_capacity: BigInt(s.monthlyCapacity),
        })),
      )
      .execute();
  }
  const tiers = created.suppliers.flatMap((s) =>
    s.prices.flatMap((p) =>
      p.tiers.map((t) => ({
        agreement_id,
        supplier: s.supplier,
        nsn: p.nsn,
        from_quantity: BigInt(t.from),
        unit_price_minor: BigInt(t.unitPrice),
      })),
    ),
  );
  if (tiers.length > 0) await db.insertInto('agreement_tiers').values(tiers).execute();
}

export async function setAgreementState(
  db: Executor,
  id: string,
  state: AgreementState,
  eventId: string,
): Promise<void> {
  await db
    .updateTable('agreements')
    .set({ state, event_id: eventId })
    .where('id', '=', id)
    .execute();
}

export async function setCeiling(db: Executor, id: string, ceiling: bigint): Promise<void> {
  await db.updateTable('agreements').set({ ceiling_minor: ceiling }).where('id', '=', id).execute();
}

/** Moves the committed value of an agreement and of one of its nations by the same amount. */
export async function addCommitted(
  db: Executor,
  agreementId: string,
  nation: string,
  delta: bigint,
): Promise<void> {
  if (delta === 0n) return;
  await db
    .updateTable('agreements')
    .set((eb) => ({ committed_minor: eb('committed_minor', '+', delta) }))
    .where('id', '=', agreementId)
    .execute();
  await db
    .updateTable('agreement_nations')
    .set((eb) => ({ committed_minor: eb('committed_minor', '+', delta) }))
    .where('agreement_id', '=', agreementId)
    .where('nation', '=', nation)
    .execute();
}

/** What a nation has committed under an agreement. */
export async function committedByNation(
  db: Executor,
  agreementId: string,
  nation: string,
): Promise<bigint> {
  const row = await db
    .selectFrom('agreement_nations')
    .select('committed_minor')
    .where('agreement_id', '=', agreementId)
    .where('nation', '=', nation)
    .executeTakeFirst();
  return row?.committed_minor ?? 0n;
}

/** A supplier's pooled volume of an item on an agreement: its non-cancelled call-offs' units. */
export async function pooledVolume(
  db: Executor,
  agreementId: string,
  supplier: string,
  nsn: string,
): Promise<bigint> {
  const row = await db
    .selectFrom('agreement_volumes')
    .select('pooled')
    .where('agreement_id', '=', agreementId)
    .where('supplier', '=', supplier)
    .where('nsn', '=', nsn)
    .executeTakeFirst();
  return row?.pooled ?? 0n;
}

export async function addPooled(
  db: Executor,
  agreementId: string,
  supplier: string,
  nsn: string,
  delta: bigint,
): Promise<void> {
  await db
    .insertInto('agreement_volumes')
    .values({ agreement_id: agreementId, supplier, nsn, pooled: delta })
    .onConflict((oc) =>
      oc
        .columns(['agreement_id', 'supplier', 'nsn'])
        .doUpdateSet((eb) => ({ pooled: eb('agreement_volumes.pooled', '+', delta) })),
    )
    .execute();
}
