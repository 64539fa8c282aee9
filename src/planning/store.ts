import { type Selectable, sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { StoredInput, StoredResults } from './events.ts';
import type { ProductionLine, RampUp } from './production-line.ts';

interface ProductionLinesTable {
  id: string;
  supplier: string;
  nsn: string;
  monthly_capacity: bigint;
  from_month: string;
  revision: number;
  added_at: string;
  updated_at: string;
  event_id: string;
}

interface ProductionRampUpsTable {
  id: string;
  line_id: string;
  added_per_month: bigint;
  decided_in: string;
  lead_months: number;
  note: string;
  decided_at: string;
  event_id: string;
}

interface PlansTable {
  id: string;
  computed_at: string;
  computed_by: string;
  inputs_at: bigint;
  solver: 'network' | 'highs';
  first_month: string;
  months: number;
  currency: string;
  need: bigint;
  served: bigint;
  lateness: bigint;
  cost_minor: bigint;
  input: StoredInput;
  results: StoredResults;
  event_id: string;
}

declare module '../platform/db/database.ts' {
  interface Database {
    production_lines: ProductionLinesTable;
    production_ramp_ups: ProductionRampUpsTable;
    plans: PlansTable;
  }
}

export const PLANNING_TABLES = ['production_lines', 'production_ramp_ups', 'plans'] as const;

/** A value for a jsonb column, cast explicitly so that both dialects take it as jsonb. */
function json<T>(value: T) {
  return sql<T>`cast(${JSON.stringify(value)} as jsonb)`;
}

function rampUpOf(row: Selectable<ProductionRampUpsTable>): RampUp {
  return {
    id: row.id,
    addedPerMonth: row.added_per_month,
    decidedIn: row.decided_in,
    leadMonths: row.lead_months,
    note: row.note,
  };
}

async function withRampUps(
  db: Executor,
  rows: Selectable<ProductionLinesTable>[],
): Promise<ProductionLine[]> {
  if (rows.length === 0) return [];
  const rampUps = await db
    .selectFrom('production_ramp_ups')
    .selectAll()
    .where(
      'line_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('decided_in')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    supplier: row.supplier,
    nsn: row.nsn,
    monthlyCapacity: row.monthly_capacity,
    from: row.from_month,
    rampUps: rampUps.filter((r) => r.line_id === row.id).map(rampUpOf),
  }));
}

/** Records a new production line (projection of ProductionLineAdded). */
export async function insertLine(
  db: Executor,
  line: Omit<ProductionLine, 'rampUps'>,
  at: string,
  eventId: string,
): Promise<void> {
  await db
    .insertInto('production_lines')
    .values({
      id: line.id,
      supplier: line.supplier,
      nsn: line.nsn,
      monthly_capacity: line.monthlyCapacity,
      from_month: line.from,
      revision: 1,
      added_at: at,
      updated_at: at,
      event_id: eventId,
    })
    .execute();
}

/** Replaces a line's capacity and start month (projection of ProductionLineRevised). */
export async function reviseLine(
  db: Executor,
  id: string,
  capacity: { monthlyCapacity: bigint; from: string },
  at: string,
  eventId: string,
): Promise<void> {
  await db
    .updateTable('production_lines')
    .set((eb) => ({
      monthly_capacity: capacity.monthlyCapacity,
      from_month: capacity.from,
      revision: eb('revision', '+', 1),
      updated_at: at,
      event_id: eventId,
    }))
    .where('id', '=', id)
    .execute();
}

/** Records a ramp-up of a line (projection of RampUpDecided). */
export async function insertRampUp(
  db: Executor,
  lineId: string,
  rampUp: RampUp,
  at: string,
  eventId: string,
): Promise<void> {
  await db
    .insertInto('production_ramp_ups')
    .values({
      id: rampUp.id,
      line_id: lineId,
      added_per_month: rampUp.addedPerMonth,
      decided_in: rampUp.decidedIn,
      lead_months: rampUp.leadMonths,
      note: rampUp.note,
      decided_at: at,
      event_id: eventId,
    })
    .execute();
}

/** One production line with its ramp-ups. */
export async function findLine(db: Executor, id: string): Promise<ProductionLine | undefined> {
  const row = await db
    .selectFrom('production_lines')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : (await withRampUps(db, [row]))[0];
}

/** The lines of these (supplier, item) pairs, keyed `supplier nsn`. */
export async function linesOfPairs(
  db: Executor,
  pairs: readonly { supplier: string; nsn: string }[],
): Promise<Map<string, ProductionLine>> {
  if (pairs.length === 0) return new Map();
  const rows = await db
    .selectFrom('production_lines')
    .selectAll()
    .where((eb) =>
      eb.or(pairs.map((p) => eb.and([eb('supplier', '=', p.supplier), eb('nsn', '=', p.nsn)]))),
    )
    .execute();
  const lines = await withRampUps(db, rows);
  return new Map(lines.map((l) => [`${l.supplier} ${l.nsn}`, l]));
}

/** Production lines in supplier and item order, of one supplier or item if asked. */
export async function listLines(
  db: Executor,
  filter: { supplier?: string; nsn?: string },
): Promise<ProductionLine[]> {
  let query = db.selectFrom('production_lines').selectAll();
  if (filter.supplier !== undefined) query = query.where('supplier', '=', filter.supplier);
  if (filter.nsn !== undefined) query = query.where('nsn', '=', filter.nsn);
  return withRampUps(db, await query.orderBy('supplier').orderBy('nsn').execute());
}

/** The supplier a production line belongs to. */
export async function supplierOfLine(db: Executor, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('production_lines')
    .select('supplier')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.supplier;
}

/** A stored plan: when and from where it was computed, what from, and what came out. */
export interface StoredPlan {
  id: string;
  computedAt: string;
  computedBy: string;
  /** The ledger head's seq when its inputs were read. */
  inputsAt: bigint;
  solver: 'network' | 'highs';
  input: StoredInput;
  results: StoredResults;
}

/** Records a computed plan (projection of PlanComputed). */
export async function insertPlan(db: Executor, plan: StoredPlan, eventId: string): Promise<void> {
  const { totals } = plan.results;
  await db
    .insertInto('plans')
    .values({
      id: plan.id,
      computed_at: plan.computedAt,
      computed_by: plan.computedBy,
      inputs_at: plan.inputsAt,
      solver: plan.solver,
      first_month: plan.input.firstMonth,
      months: plan.input.months,
      currency: plan.input.currency,
      need: BigInt(totals.need),
      served: BigInt(totals.served),
      lateness: BigInt(totals.lateness),
      cost_minor: BigInt(totals.cost),
      input: json(plan.input),
      results: json(plan.results),
      event_id: eventId,
    })
    .execute();
}
/** One stored plan. */
export async function findPlan(db: Executor, id: string): Promise<StoredPlan | undefined> {
  const row = await db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined
    ? undefined
    : {
        id: row.id,
        computedAt: row.computed_at,
        computedBy: row.computed_by,
        inputsAt: row.inputs_at,
        solver: row.solver,
        input: row.input,
        results: row.results,
      };
}

/** A plan in a list: its figures, without its lines. */
export interface PlanSummary {
  id: string;
  computedAt: string;
  inputsAt: bigint;
  solver: 'network' | 'highs';
  firstMonth: string;
  months: number;
  currency: string;
  need: bigint;
  served: bigint;
  lateness: bigint;
  cost: bigint;
}

/** Stored plans, newest first. */
export async function listPlans(db: Executor, limit: number): Promise<PlanSummary[]> {
  const rows = await db
    .selectFrom('plans')
    .select([
      'id',
      'computed_at',
      'inputs_at',
      'solver',
      'first_month',
      'months',
      'currency',
      'need',
      'served',
      'lateness',
      'cost_minor',
    ])
    .orderBy('inputs_at', 'desc')
    .orderBy('computed_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    computedAt: r.computed_at,
    inputsAt: r.inputs_at,
    solver: r.solver,
    firstMonth: r.first_month,
    months: r.months,
    currency: r.currency,
    need: r.need,
    served: r.served,
    lateness: r.lateness,
    cost: r.cost_minor,
  }));
}
