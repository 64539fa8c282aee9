import { type Selectable, sql } from 'kysely';
import type { Executor, Trx } from '../../platform/db/database.ts';
import type { JsonObject } from '../../platform/ledger/model.ts';
import type { Conversion } from '../../rates/model.ts';
import type { AgreementEventPayload } from '../events.ts';
import type { CallOffState, MonthQuantity } from '../model/call-off.ts';
import { AgreementFacts } from '../model/placement-facts.ts';
import { type AgreementRow, assembleAgreement, type StoredAgreement } from './agreements.ts';
import type { CallOffDeliveriesTable, CallOffsTable } from './tables.ts';

/** A call-off as stored. */
export interface CallOff {
  id: string;
  agreementId: string;
  nation: string;
  supplier: string;
  nsn: string;
  destination: string;
  quantity: bigint;
  schedule: MonthQuantity[];
  currency: string;
  tierFrom: bigint;
  unitPrice: bigint;
  placedUnitPrice: bigint;
  variationBp: number;
  value: bigint;
  conversion: Conversion;
  ceilingValue: bigint;
  rebated: bigint;
  state: CallOffState;
  chosenBy: 'named' | 'cascade';
  placedAt: string;
  placedBy: string;
  cancelReason: string | null;
  declaredQuantity: bigint;
  acceptedQuantity: bigint;
}

export interface Delivery {
  id: string;
  callOffId: string;
  quantity: bigint;
  lotNumber: string;
  deliveredOn: string;
  state: CallOffDeliveriesTable['state'];
  reason: string | null;
  declaredAt: string;
  decidedAt: string | null;
}

type CallOffRow = Selectable<CallOffsTable> & { schedule: { month: string; quantity: string }[] };

function toCallOff(row: CallOffRow): CallOff {
  return {
    id: row.id,
    agreementId: row.agreement_id,
    nation: row.nation,
    supplier: row.supplier,
    nsn: row.nsn,
    destination: row.destination,
    quantity: row.quantity,
    schedule: row.schedule.map((m) => ({ month: m.month, quantity: BigInt(m.quantity) })),
    currency: row.currency,
    tierFrom: row.tier_from,
    unitPrice: row.unit_price_minor,
    placedUnitPrice: row.placed_unit_price_minor,
    variationBp: row.variation_bp,
    value: row.value_minor,
    conversion: {
      from: row.currency,
      to: row.ceiling_currency,
      rate: row.fx_rate,
      inverted: row.fx_inverted,
      day: row.fx_day,
    },
    ceilingValue: row.ceiling_value_minor,
    rebated: row.rebated_minor,
    state: row.state,
    chosenBy: row.chosen_by,
    placedAt: row.placed_at,
    placedBy: row.placed_by,
    cancelReason: row.cancel_reason,
    declaredQuantity: row.declared_quantity,
    acceptedQuantity: row.accepted_quantity,
  };
}

// A call-off's months ride along as one JSON column, so that reading call-offs is one statement.
const scheduleColumn = sql<CallOffRow['schedule']>`(
    SELECT coalesce(
      json_agg(json_build_object('month', m.month, 'quantity', m.quantity::text) ORDER BY m.month),
      '[]'::json)
    FROM call_off_months AS m WHERE m.call_off_id = call_offs.id)`.as('schedule');

export async function findCallOff(db: Executor, id: string): Promise<CallOff | undefined> {
  const row = await db
    .selectFrom('call_offs')
    .selectAll()
    .select(scheduleColumn)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toCallOff(row);
}

/** Call-offs, newest first, narrowed by agreement, nation, supplier or a party on either side. */
export async function listCallOffs(
  db: Executor,
  filter: { agreement?: string; nation?: string; supplier?: string; party?: string; limit: number },
): Promise<CallOff[]> {
  let query = db.selectFrom('call_offs').selectAll().select(scheduleColumn);
  if (filter.agreement !== undefined) query = query.where('agreement_id', '=', filter.agreement);
  if (filter.nation !== undefined) query = query.where('nation', '=', filter.nation);
  if (filter.supplier !== undefined) query = query.where('supplier', '=', filter.supplier);
  const party = filter.party;
  if (party !== undefined) {
    query = query.where((eb) => eb.or([eb('nation', '=', party), eb('supplier', '=', party)]));
  }
  const rows = await query.orderBy('placed_at', 'desc').orderBy('id').limit(filter.limit).execute();
  return rows.map((row) => toCallOff(row));
}

/** The parties a call-off belongs to: the nation that placed it and its supplier. */
export async function partiesOfCallOff(db: Executor, id: string): Promise<string[] | undefined> {
  const row = await db
    .selectFrom('call_offs')
    .select(['nation', 'supplier'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : [row.nation, row.supplier];
}

/** The units a supplier is to deliver in each of some months under an agreement. */
export async function monthlyLoad(
  db: Executor,
  agreementId: string,
  supplier: string,
  months: readonly string[],
): Promise<Map<string, bigint>> {
  if (months.length === 0) return new Map();
  const rows = await db
    .selectFrom('agreement_monthly_load')
    .select(['month', 'quantity'])
    .where('agreement_id', '=', agreementId)
    .where('supplier', '=', supplier)
    .where('month', 'in', [...months])
    .execute();
  return new Map(rows.map((r) => [r.month, r.quantity]));
}

/** Adds a schedule to a supplier's monthly load (`sign` -1n takes it away). */
export async function addMonthlyLoad(
  db: Executor,
  agreementId: string,
  supplier: string,
  schedule: readonly { month: string; quantity: string }[],
  sign: 1n | -1n,
): Promise<void> {
  if (schedule.length === 0) return;
  await db
    .insertInto('agreement_monthly_load')
    .values(
      schedule.map((m) => ({
        agreement_id: agreementId,
        supplier,
        month: m.month,
        quantity: sign * BigInt(m.quantity),
      })),
    )
    .onConflict((oc) =>
      oc.columns(['agreement_id', 'supplier', 'month']).doUpdateSet((eb) => ({
        quantity: eb('agreement_monthly_load.quantity', '+', eb.ref('excluded.quantity')),
      })),
    )
    .execute();
}

/** Live call-offs of one supplier and item priced above a unit price: those a rebate reaches. */
export async function callOffsPricedAbove(
  db: Executor,
  agreementId: string,
  supplier: string,
  nsn: string,
  unitPrice: bigint,
): Promise<CallOff[]> {
  const rows = await db
    .selectFrom('call_offs')
    .selectAll()
    .select(scheduleColumn)
    .where('agreement_id', '=', agreementId)
    .where('supplier', '=', supplier)
    .where('nsn', '=', nsn)
    .where('state', 'in', ['placed', 'confirmed', 'closed'])
    .where('unit_price_minor', '>', unitPrice)
    .orderBy('placed_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => toCallOff(row));
}

/** The call-offs row a placement (CallOffPlaced) stores. */
function placementRow(
  placed: AgreementEventPayload<'CallOffPlaced'>,
  entry: Pick<TimelineEntry, 'at' | 'actor'>,
  eventId: string,
) {
  return {
    id: placed.callOff,
    agreement_id: placed.agreement,
    nation: placed.nation,
    supplier: placed.supplier,
    nsn: placed.nsn,
    destination: placed.destination,
    quantity: BigInt(placed.quantity),
    currency: placed.currency,
    tier_from: BigInt(placed.tierFrom),
    unit_price_minor: BigInt(placed.unitPrice),
    placed_unit_price_minor: BigInt(placed.unitPrice),
    variation_bp: 0,
    value_minor: BigInt(placed.value),
    ceiling_currency: placed.conversion.to,
    fx_rate: placed.conversion.rate,
    fx_inverted: placed.conversion.inverted,
    fx_day: placed.conversion.day,
    ceiling_value_minor: BigInt(placed.ceilingValue),
    state: 'placed' as const,
    chosen_by: placed.chosenBy,
    placed_at: entry.at,
    placed_by: entry.actor,
    event_id: eventId,
  };
}

/**
 * The call-off a placement creates, as its projection stores it and findCallOff would read it
 * back: what placing one answers with, without reading it again.
 */
export function placedCallOff(
  placed: AgreementEventPayload<'CallOffPlaced'>,
  entry: Pick<TimelineEntry, 'at' | 'actor'>,
  eventId: string,
): CallOff {
  return toCallOff({
    ...placementRow(placed, entry, eventId),
    rebated_minor: 0n,
    cancel_reason: null,
    declared_quantity: 0n,
    accepted_quantity: 0n,
    schedule: [...placed.schedule].sort((a, b) => (a.month < b.month ? -1 : 1)),
  });
}

/** A placement to project: its event's payload and id, and its first timeline step. */
export interface Placement {
  placed: AgreementEventPayload<'CallOffPlaced'>;
  entry: TimelineEntry;
  eventId: string;
}

/** Sums amounts by key: one row per key, as an upsert or an update from a list needs. */
function summed<K>(items: readonly K[], keyOf: (item: K) => string, amountOf: (item: K) => bigint) {
  const sums = new Map<string, { item: K; amount: bigint }>();
  for (const item of items) {
    const key = keyOf(item);
    const sum = sums.get(key);
    if (sum === undefined) sums.set(key, { item, amount: amountOf(item) });
    else sum.amount += amountOf(item);
  }
  return [...sums.values()];
}

// Rows go to the database as JSON, where each column takes its table's type: one statement text
// for any number of placements, and bigints as strings of digits, which JSON numbers cannot hold.
// Only a row's own columns hold bigints (a timeline step's detail is an event's payload, JSON
// already): they are turned to strings first, so that JSON.stringify needs no replacer, which
// would be called for every value of every detail.
const rowsJson = (rows: readonly Record<string, unknown>[]) =>
  JSON.stringify(
    rows.map((row) => {
      const json: Record<string, unknown> = {};
      for (const key in row) {
        const value = row[key];
        json[key] = typeof value === 'bigint' ? value.toString() : value;
      }
      return json;
    }),
  );

/**
 * Projects placements (CallOffPlaced), in order, in one statement: the call-offs and their
 * months, the agreements' and the nations' committed values, the pooled volumes, the suppliers'
 * monthly loads and each call-off's first timeline step. Placing call-offs is the hot path, and
 * on this path every statement is a round trip made while the agreement's lock is held; a group
 * of placements costs the same one.
 */
export async function insertPlacements(
  db: Executor,
  placements: readonly Placement[],
): Promise<void> {
  if (placements.length === 0) return;
  const callOffs = placements.map((p) => placementRow(p.placed, p.entry, p.eventId));
  const months = placements.flatMap(({ placed }) =>
    placed.schedule.map((m) => ({
      call_off_id: placed.callOff,
      month: m.month,
      quantity: m.quantity,
    })),
  );
  const placed = placements.map((p) => p.placed);
  const agreements = summed(
    placed,
    (p) => p.agreement,
    (p) => BigInt(p.ceilingValue),
  ).map(({ item, amount }) => ({ id: item.agreement, amount }));
  const nations = summed(
    placed,
    (p) => `${p.agreement} ${p.nation}`,
    (p) => BigInt(p.ceilingValue),
  ).map(({ item, amount }) => ({
    agreement_id: item.agreement,
    nation: item.nation,
    committed_minor: amount,
  }));
  const volumes = summed(
    placed,
    (p) => `${p.agreement} ${p.supplier} ${p.nsn}`,
    (p) => BigInt(p.quantity),
  ).map(({ item, amount }) => ({
    agreement_id: item.agreement,
    supplier: item.supplier,
    nsn: item.nsn,
    pooled: amount,
  }));
  const loads = summed(
    placed.flatMap((p) =>
      p.schedule.map((m) => ({ ...p, month: m.month, units: BigInt(m.quantity) })),
    ),
    (l) => `${l.agreement} ${l.supplier} ${l.month}`,
    (l) => l.units,
  ).map(({ item, amount }) => ({
    agreement_id: item.agreement,
    supplier: item.supplier,
    month: item.month,
    quantity: amount,
  }));
  const timeline = placements.map((p) => ({
    call_off_id: p.placed.callOff,
    step: 1,
    event_id: p.eventId,
    at: p.entry.at,
    actor: p.entry.actor,
    kind: p.entry.kind,
    detail: p.entry.detail,
  }));
  const columns = sql.join(Object.keys(callOffs[0] as object).map((c) => sql.ref(c)));
  await sql`
    WITH call_off AS (
      INSERT INTO call_offs (${columns})
      SELECT ${columns} FROM json_populate_recordset(NULL::call_offs, ${rowsJson(callOffs)}::json)),
    months AS (
      INSERT INTO call_off_months (call_off_id, month, quantity)
      SELECT call_off_id, month, quantity
      FROM json_populate_recordset(NULL::call_off_months, ${rowsJson(months)}::json)),
    agreement AS (
      UPDATE agreements AS a SET committed_minor = a.committed_minor + d.amount
      FROM json_to_recordset(${rowsJson(agreements)}::json) AS d (id uuid, amount bigint)
      WHERE a.id = d.id),
    nation AS (
      UPDATE agreement_nations AS n SET committed_minor = n.committed_minor + d.committed_minor
      FROM json_populate_recordset(NULL::agreement_nations, ${rowsJson(nations)}::json) AS d
      WHERE n.agreement_id = d.agreement_id AND n.nation = d.nation),
    volume AS (
      INSERT INTO agreement_volumes (agreement_id, supplier, nsn, pooled)
      SELECT agreement_id, supplier, nsn, pooled
      FROM json_populate_recordset(NULL::agreement_volumes, ${rowsJson(volumes)}::json)
      ON CONFLICT (agreement_id, supplier, nsn)
      DO UPDATE SET pooled = agreement_volumes.pooled + excluded.pooled),
    load AS (
      INSERT INTO agreement_monthly_load (agreement_id, supplier, month, quantity)
      SELECT agreement_id, supplier, month, quantity
      FROM json_populate_recordset(NULL::agreement_monthly_load, ${rowsJson(loads)}::json)
      ON CONFLICT (agreement_id, supplier, month)
      DO UPDATE SET quantity = agreement_monthly_load.quantity + excluded.quantity)
    INSERT INTO call_off_timeline (call_off_id, step, event_id, at, actor, kind, detail)
    SELECT call_off_id, step, event_id, at, actor, kind, detail
    FROM json_populate_recordset(NULL::call_off_timeline, ${rowsJson(timeline)}::json)`.execute(db);
}

async function insertSchedule(
  db: Executor,
  callOffId: string,
  schedule: readonly { month: string; quantity: string }[],
): Promise<void> {
  await db
    .insertInto('call_off_months')
    .values(
      schedule.map((m) => ({
        call_off_id: callOffId,
        month: m.month,
        quantity: BigInt(m.quantity),
      })),
    )
    .execute();
}

export async function replaceSchedule(
  db: Executor,
  callOffId: string,
  schedule: readonly { month: string; quantity: string }[],
): Promise<void> {
  await db.deleteFrom('call_off_months').where('call_off_id', '=', callOffId).execute();
  await insertSchedule(db, callOffId, schedule);
}

/** Updates a call-off's columns, as its events change them. */
export async function updateCallOff(
  db: Executor,
  id: string,
  change: Partial<
    Pick<
      CallOffsTable,
      | 'quantity'
      | 'unit_price_minor'
      | 'variation_bp'
      | 'value_minor'
      | 'ceiling_value_minor'
      | 'state'
      | 'cancel_reason'
    >
  >,
  eventId: string,
): Promise<void> {
  await db
    .updateTable('call_offs')
    .set({ ...change, event_id: eventId })
    .where('id', '=', id)
    .execute();
}

export async function addRebated(db: Executor, id: string, amount: bigint): Promise<void> {
  await db
    .updateTable('call_offs')
    .set((eb) => ({ rebated_minor: eb('rebated_minor', '+', amount) }))
    .where('id', '=', id)
    .execute();
}

/** Moves the declared and accepted quantities of a call-off. */
export async function addDelivered(
  db: Executor,
  id: string,
  declared: bigint,
  accepted: bigint,
): Promise<void> {
  await db
    .updateTable('call_offs')
    .set((eb) => ({
      declared_quantity: eb('declared_quantity', '+', declared),
      accepted_quantity: eb('accepted_quantity', '+', accepted),
    }))
    .where('id', '=', id)
    .execute();
}

export async function insertDelivery(
  db: Executor,
  declared: AgreementEventPayload<'DeliveryDeclared'>,
  at: string,
): Promise<void> {
  await db
    .insertInto('call_off_deliveries')
    .values({
      id: declared.delivery,
      call_off_id: declared.callOff,
      quantity: BigInt(declared.quantity),
      lot_number: declared.lotNumber,
      delivered_on: declared.deliveredOn,
      state: 'declared',
      declared_at: at,
    })
    .execute();
}

export async function decideDelivery(
  db: Executor,
  id: string,
  state: 'accepted' | 'rejected',
  reason: string | null,
  at: string,
): Promise<void> {
  await db
    .updateTable('call_off_deliveries')
    .set({ state, reason, decided_at: at })
    .where('id', '=', id)
    .execute();
}

function toDelivery(row: CallOffDeliveriesTable): Delivery {
  return {
    id: row.id,
    callOffId: row.call_off_id,
    quantity: row.quantity,
    lotNumber: row.lot_number,
    deliveredOn: row.delivered_on,
    state: row.state,
    reason: row.reason,
    declaredAt: row.declared_at,
    decidedAt: row.decided_at,
  };
}

export async function findDelivery(db: Executor, id: string): Promise<Delivery | undefined> {
  const row = await db
    .selectFrom('call_off_deliveries')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toDelivery(row);
}

export async function deliveriesOf(db: Executor, callOffId: string): Promise<Delivery[]> {
  const rows = await db
    .selectFrom('call_off_deliveries')
    .selectAll()
    .where('call_off_id', '=', callOffId)
    .orderBy('declared_at')
    .orderBy('id')
    .execute();
  return rows.map(toDelivery);
}

/** One step of a call-off's life, for its timeline. */
export interface TimelineEntry {
  at: string;
  actor: string;
  kind: string;
  detail: JsonObject;
}

export async function addToTimeline(
  db: Executor,
  callOffId: string,
  entry: TimelineEntry,
  eventId: string,
): Promise<void> {
  await db
    .insertInto('call_off_timeline')
    .values((eb) => ({
      call_off_id: callOffId,
      step: eb
        .selectFrom('call_off_timeline')
        .select(sql<number>`count(*)::integer + 1`.as('step'))
        .where('call_off_id', '=', callOffId),
      event_id: eventId,
      at: entry.at,
      actor: entry.actor,
      kind: entry.kind,
      detail: JSON.stringify(entry.detail),
    }))
    .execute();
}

export async function timelineOf(db: Executor, callOffId: string): Promise<TimelineEntry[]> {
  const rows = await db
    .selectFrom('call_off_timeline')
    .select(['at', 'actor', 'kind', 'detail'])
    .where('call_off_id', '=', callOffId)
    .orderBy('step')
    .execute();
  return rows.map((r) => ({ ...r, detail: r.detail as JsonObject }));
}

/** Locks agreements' rows for the rest of the transaction, in the order of their ids. */
export async function lockAgreements(trx: Trx, ids: readonly string[]): Promise<void> {
  await sql`SELECT 1 FROM agreements WHERE id = ANY (${[...ids]}::uuid[]) ORDER BY id FOR UPDATE`.execute(
    trx,
  );
}

/** What placements read: the agreement, locked, and what they decide on besides. */
export interface Placing {
  agreement: StoredAgreement;
  facts: AgreementFacts;
}

/**
 * Locks agreements' rows for the rest of the transaction, in the order of their ids, and reads
 * each with everything placements of the items in the months asked decide on, in one statement
 * (a round trip fewer while call-offs queue on the locks): agreement_placement_facts takes the
 * locks, then reads with a snapshot of its own. An agreement that does not exist is not in the
 * answer.
 */
export async function lockForPlacement(
  trx: Trx,
  query: { agreementIds: readonly string[]; nsns: readonly string[]; months: readonly string[] },
): Promise<Map<string, Placing>> {
  const { rows } = await sql<
    AgreementRow & {
      loads: { supplier: string; month: string; quantity: string }[];
      pooled: { supplier: string; nsn: string; pooled: string }[];
      prices: { supplier: string; nsn: string; price: string }[];
      committed: { nation: string; committed: string }[];
      stream_version: bigint | null;
    }
  >`
    SELECT (f.agreement).*, f.loads, f.pooled, f.prices, f.committed, f.stream_version
    FROM agreement_placement_facts(
      ${[...query.agreementIds]}::uuid[], ${[...query.nsns]}::text[], ${[...query.months]}::text[]
    ) AS f`.execute(trx);
  const placings = new Map<string, Placing>();
  for (const { loads, pooled, prices, committed, stream_version, ...agreement } of rows) {
    const stored = await assembleAgreement(trx, agreement);
    const facts = new AgreementFacts(
      {
        loads: loads.map((l) => ({ ...l, quantity: BigInt(l.quantity) })),
        pooled: pooled.map((p) => ({ ...p, pooled: BigInt(p.pooled) })),
        prices: prices.map((p) => ({ ...p, price: BigInt(p.price) })),
        nationCommitted: new Map(committed.map((c) => [c.nation, BigInt(c.committed)])),
      },
      stored.committed,
      stream_version ?? 0n,
    );
    placings.set(stored.id, { agreement: stored, facts });
  }
  return placings;
}
