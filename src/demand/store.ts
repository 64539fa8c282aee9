import type { Selectable } from 'kysely';
import type { Executor, Trx } from '../platform/db/database.ts';
import { insertSlices, statementSlices } from '../platform/db/statement-slices.ts';
import type { Signal, SignalState, SignalTerms } from './model/signal.ts';

interface DemandSignalsTable {
  id: string;
  nation: string;
  reference: string | null;
  import_key: string;
  nsn: string | null;
  family: string;
  platform: string | null;
  quantity: bigint;
  needed_by: string;
  purpose: Signal['purpose'];
  recipient: string | null;
  priority: number;
  price_cap_minor: bigint | null;
  price_cap_currency: string | null;
  firmness: Signal['firmness'];
  state: SignalState;
  revision: number;
  posted_at: string;
  updated_at: string;
  event_id: string;
}

interface DemandSharingTable {
  nation: string;
  share: boolean;
  event_id: string;
}

declare module '../platform/db/database.ts' {
  interface Database {
    demand_signals: DemandSignalsTable;
    demand_sharing: DemandSharingTable;
  }
}

export const DEMAND_TABLES = ['demand_signals', 'demand_sharing'] as const;

type SignalRow = Selectable<DemandSignalsTable>;

function signalOf(row: SignalRow): Signal {
  return {
    id: row.id,
    nation: row.nation,
    state: row.state,
    reference: row.reference,
    importKey: row.import_key,
    revision: row.revision,
    postedAt: row.posted_at,
    updatedAt: row.updated_at,
    nsn: row.nsn,
    family: row.family,
    platform: row.platform,
    quantity: row.quantity,
    neededBy: row.needed_by,
    purpose: row.purpose,
    recipient: row.recipient,
    priority: row.priority as Signal['priority'],
    priceCap:
      row.price_cap_minor === null || row.price_cap_currency === null
        ? null
        : { minor: row.price_cap_minor, currency: row.price_cap_currency },
    firmness: row.firmness,
  };
}

function termColumns(terms: SignalTerms) {
  return {
    nsn: terms.nsn,
    family: terms.family,
    platform: terms.platform,
    quantity: terms.quantity,
    needed_by: terms.neededBy,
    purpose: terms.purpose,
    recipient: terms.recipient,
    priority: terms.priority,
    price_cap_minor: terms.priceCap?.minor ?? null,
    price_cap_currency: terms.priceCap?.currency ?? null,
    firmness: terms.firmness,
  };
}

/** Records posted signals in multi-row statements (projection of SignalPosted). */
export async function insertSignals(
  db: Executor,
  posted: readonly { signal: Signal; eventId: string }[],
): Promise<void> {
  const rows = posted.map(({ signal, eventId }) => ({
    id: signal.id,
    nation: signal.nation,
    reference: signal.reference,
    import_key: signal.importKey,
    ...termColumns(signal),
    state: signal.state,
    revision: signal.revision,
    posted_at: signal.postedAt,
    updated_at: signal.updatedAt,
    event_id: eventId,
  }));
  for (const slice of insertSlices(rows))
    await db.insertInto('demand_signals').values(slice).execute();
}

/** Replaces a signal's terms and counts the revision (projection of SignalRevised). */
export async function reviseSignalRow(
  db: Executor,
  id: string,
  terms: SignalTerms,
  at: string,
  eventId: string,
): Promise<void> {
  await db
    .updateTable('demand_signals')
    .set((eb) => ({
      ...termColumns(terms),
      revision: eb('revision', '+', 1),
      updated_at: at,
      event_id: eventId,
    }))
    .where('id', '=', id)
    .execute();
}

/** Marks a signal withdrawn (projection of SignalWithdrawn). */
export async function withdrawSignalRow(
  db: Executor,
  id: string,
  at: string,
  eventId: string,
): Promise<void> {
  await db
    .updateTable('demand_signals')
    .set({ state: 'withdrawn', updated_at: at, event_id: eventId })
    .where('id', '=', id)
    .execute();
}

/** Records a nation's consent to share its lines, or its withdrawal (projection of SharingSet). */
export async function setSharingRow(
  db: Executor,
  nation: string,
  share: boolean,
  eventId: string,
): Promise<void> {
  await db
    .insertInto('demand_sharing')
    .values({ nation, share, event_id: eventId })
    .onConflict((oc) =>
      oc.column('nation').doUpdateSet((eb) => ({
        share: eb.ref('excluded.share'),
        event_id: eb.ref('excluded.event_id'),
      })),
    )
    .execute();
}

/** One signal. */
export async function findSignal(db: Executor, id: string): Promise<Signal | undefined> {
  const row = await db
    .selectFrom('demand_signals')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : signalOf(row);
}

/** One signal, locked until the transaction ends: revisions and withdrawals of it queue. */
export async function lockSignal(trx: Trx, id: string): Promise<Signal | undefined> {
  const row = await trx
    .selectFrom('demand_signals')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row === undefined ? undefined : signalOf(row);
}

/** What a list of signals is narrowed to. */
export interface SignalFilter {
  nation?: string;
  state?: SignalState;
  family?: string;
}

/** Signals in id order after `afterId`, a page at a time (for lists and exports). */
export async function signalsAfter(
  db: Executor,
  filter: SignalFilter,
  afterId: string,
  limit: number,
): Promise<Signal[]> {
  let query = db.selectFrom('demand_signals').selectAll().where('id', '>', afterId);
  if (filter.nation !== undefined) query = query.where('nation', '=', filter.nation);
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  if (filter.family !== undefined) query = query.where('family', '=', filter.family);
  const rows = await query.orderBy('id').limit(limit).execute();
  return rows.map(signalOf);
}

/** Every open signal, the input of aggregation, in a stable order. */
export async function openSignals(db: Executor): Promise<Signal[]> {
  const rows = await db
    .selectFrom('demand_signals')
    .selectAll()
    .where('state', '=', 'open')
    .orderBy('id')
    .execute();
  return rows.map(signalOf);
}

/** The nation that owns a signal. */
export async function nationOfSignal(db: Executor, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('demand_signals')
    .select('nation')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.nation;
}

/**
 * Which of these (nation, import key) pairs are signals already, as `nation key` strings. Asked
 * nation by nation, so that each lookup is a range of the (nation, import_key) index.
 */
export async function knownImportKeys(
  db: Executor,
  keys: readonly { nation: string; importKey: string }[],
): Promise<Set<string>> {
  const byNation = new Map<string, string[]>();
  for (const k of keys) {
    const ofNation = byNation.get(k.nation) ?? [];
    ofNation.push(k.importKey);
    byNation.set(k.nation, ofNation);
  }
  const known = new Set<string>();
  for (const [nation, importKeys] of byNation) {
    for (const slice of statementSlices(importKeys, 1)) {
      const rows = await db
        .selectFrom('demand_signals')
        .select('import_key')
        .where('nation', '=', nation)
        .where('import_key', 'in', slice)
        .execute();
      for (const row of rows) known.add(`${nation} ${row.import_key}`);
    }
  }
  return known;
}

/** The nations that agreed to share their lines with the other nations of a lot. */
export async function sharingNations(db: Executor): Promise<Set<string>> {
  const rows = await db
    .selectFrom('demand_sharing')
    .select('nation')
    .where('share', '=', true)
    .execute();
  return new Set(rows.map((r) => r.nation));
}
