import { type Selectable, sql } from 'kysely';
import type { Executor, Trx } from '../../platform/db/database.ts';
import type { JsonObject } from '../../platform/ledger/model.ts';
import type { Conversion } from '../../rates/model.ts';
import type { AgreementEventPayload } from '../events.ts';
import type { CallOffState, MonthlyLoad, MonthQuantity } from '../model/call-off.ts';
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

/**
 * Projects a placement (CallOffPlaced) in one statement: the call-off and its months, the
 * agreement's and the nation's committed value, the pooled volume of the item, the supplier's
 * monthly load and the call-off's first timeline step. Placing call-offs is the hot path, and on
 * this path every statement is a round trip made while the agreement's lock is held.
 */
export async function insertPlacement(
  db: Executor,
  placed: AgreementEventPayload<'CallOffPlaced'>,
  entry: TimelineEntry,
  eventId: string,
): Promise<void> {
  const committed = BigInt(placed.ceilingValue);
  const quantity = BigInt(placed.quantity);
  await db
    .with('call_off', (q) =>
      q
        .insertInto('call_offs')
        .values(placementRow(placed, entry, eventId))
        .returning('id'),
    )
    .with('months', (q) =>
      q
        .insertInto('call_off_months')
        .values(
          placed.schedule.map((m) => ({
            call_off_id: placed.callOff,
            month: m.month,
            quantity: BigInt(m.quantity),
          })),
        )
        .returning('month'),
    )
    .with('agreement', (q) =>
      q
        .updateTable('agreements')
        .set((eb) => ({ committed_minor: eb('committed_minor', '+', committed) }))
        .where('id', '=', placed.agreement)
        .returning('id'),
    )
    .with('nation', (q) =>
      q
        .updateTable('agreement_nations')
        .set((eb) => ({ committed_minor: eb('committed_minor', '+', committed) }))
        .where('agreement_id', '=', placed.agreement)
        .where('nation', '=', placed.nation)
        .returning('nation'),
    )
    .with('volume', (q) =>
      q
        .insertInto('agreement_volumes')
        .values({
          agreement_id: placed.agreement,
          supplier: placed.supplier,
          nsn: placed.nsn,
          pooled: quantity,
        })
        .onConflict((oc) =>
          oc
            .columns(['agreement_id', 'supplier', 'nsn'])
            .doUpdateSet((eb) => ({ pooled: eb('agreement_volumes.pooled', '+', quantity) })),
        )
        .returning('nsn'),
    )
    .with('load', (q) =>
      q
        .insertInto('agreement_monthly_load')
        .values(
          placed.schedule.map((m) => ({
            agreement_id: placed.agreement,
            supplier: placed.supplier,
            month: m.month,
            quantity: BigInt(m.quantity),
          })),
        )
        .onConflict((oc) =>
          oc.columns(['agreement_id', 'supplier', 'month']).doUpdateSet((eb) => ({
            quantity: eb('agreement_monthly_load.quantity', '+', eb.ref('excluded.quantity')),
          })),
        )
        .returning('month'),
    )
    .insertInto('call_off_timeline')
    .values({
      call_off_id: placed.callOff,
      step: 1,
      event_id: eventId,
      at: entry.at,
      actor: entry.actor,
      kind: entry.kind,
      detail: JSON.stringify(entry.detail),
    })
    .execute();
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

/** What placing a call-off decides on, besides the agreement itself: read in one statement. */
export interface PlacementFacts {
  /** Each supplier's load in the months asked. */
  loads: Map<string, MonthlyLoad>;
  /** Each supplier's pooled volume of the item. */
  pooled: Map<string, bigint>;
  /** Each supplier's highest unit price among live call-offs of the item: rebates reach below it. */
  highestPrice: Map<string, bigint>;
  /** What the nation has committed under the agreement. */
  nationCommitted: bigint;
  /** The version of the agreement's ledger stream. */
  streamVersion: bigint;
}

/** What a placement reads: the agreement, locked, and what it decides on besides. */
export interface Placing {
  agreement: StoredAgreement;
  facts: PlacementFacts;
}

/**
 * Locks an agreement's row for the rest of the transaction and reads it with everything a
 * placement decides on, in one statement (a round trip fewer while call-offs queue on the lock):
 * the facts come from agreement_placement_facts, which the database runs for the row once it is
 * locked, with a snapshot of its own. Undefined when there is no such agreement.
 */
export async function lockForPlacement(
  trx: Trx,
  query: { agreementId: string; nation: string; nsn: string; months: readonly string[] },
): Promise<Placing | undefined> {
  const { rows } = await sql<
    AgreementRow & {
      loads: { supplier: string; month: string; quantity: string }[];
      pooled: { supplier: string; pooled: string }[];
      prices: { supplier: string; price: string }[];
      nation_committed: bigint | null;
      stream_version: bigint | null;
    }
  >`
    SELECT a.*, f.*
    FROM (SELECT * FROM agreements WHERE id = ${query.agreementId} FOR UPDATE) AS a
    CROSS JOIN LATERAL agreement_placement_facts(
      a.id, ${query.nation}, ${query.nsn}, ${[...query.months]}::text[]) AS f`.execute(trx);
  const [row] = rows;
  if (row === undefined) return undefined;
  const { loads: loadRows, pooled, prices, nation_committed, stream_version, ...agreement } = row;
  const loads = new Map<string, Map<string, bigint>>();
  for (const load of loadRows) {
    const months = loads.get(load.supplier) ?? new Map<string, bigint>();
    months.set(load.month, BigInt(load.quantity));
    loads.set(load.supplier, months);
  }
  return {
    agreement: await assembleAgreement(trx, agreement),
    facts: {
      loads,
      pooled: new Map(pooled.map((p) => [p.supplier, BigInt(p.pooled)])),
      highestPrice: new Map(prices.map((p) => [p.supplier, BigInt(p.price)])),
      nationCommitted: nation_committed ?? 0n,
      streamVersion: stream_version ?? 0n,
    },
  };
}
