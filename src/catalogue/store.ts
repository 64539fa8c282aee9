import { type ColumnType, type Selectable, sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import type { Compatibility, Item, Platform } from './model/catalogue.ts';
import type { Level } from './model/compatibility.ts';

interface ItemsTable {
  nsn: string;
  supply_class: string;
  ncb: string;
  name: string;
  family: string;
  standards: string[];
  unit_of_issue: string;
  reference_price_minor: bigint | null;
  reference_currency: string | null;
  restricted: boolean;
  verified: boolean;
  source: string;
  search: ColumnType<string, never, never>;
  event_id: string;
}

interface PlatformsTable {
  id: string;
  name: string;
  family: string;
  description: string;
  verified: boolean;
  source: string;
  event_id: string;
}

interface CompatibilityTable {
  nsn: string;
  platform: string;
  level: Level;
  source: string;
  as_of: ColumnType<Date, string, string>;
  event_id: string;
}

interface FleetsTable {
  nation: string;
  platform: string;
  count: number;
  event_id: string;
}

interface AcceptedLevelsTable {
  nation: string;
  family: string;
  level: Level;
  event_id: string;
}

// The history of edges has a file of its own; the rest of the context reaches it through here.
export { addAssessment, assessmentsOf } from './store/compatibility-history.ts';

declare module '../platform/db/database.ts' {
  interface Database {
    catalogue_items: ItemsTable;
    catalogue_platforms: PlatformsTable;
    catalogue_compatibility: CompatibilityTable;
    catalogue_fleets: FleetsTable;
    catalogue_accepted_levels: AcceptedLevelsTable;
  }
}

/** Every table of this context is a projection of the ledger. */
export const CATALOGUE_TABLES = [
  'catalogue_items',
  'catalogue_platforms',
  'catalogue_compatibility',
  'catalogue_compatibility_history',
  'catalogue_fleets',
  'catalogue_accepted_levels',
] as const;

const ITEM_COLUMNS = [
  'nsn',
  'supply_class',
  'ncb',
  'name',
  'family',
  'standards',
  'unit_of_issue',
  'reference_price_minor',
  'reference_currency',
  'restricted',
  'verified',
  'source',
] as const;

function toItem(row: Pick<Selectable<ItemsTable>, (typeof ITEM_COLUMNS)[number]>): Item {
  return {
    nsn: row.nsn,
    supplyClass: row.supply_class,
    ncb: row.ncb,
    name: row.name,
    family: row.family,
    standards: row.standards,
    unitOfIssue: row.unit_of_issue,
    referencePrice:
      row.reference_price_minor === null || row.reference_currency === null
        ? null
        : { minor: row.reference_price_minor, currency: row.reference_currency },
    restricted: row.restricted,
    verified: row.verified,
    source: row.source,
  };
}

function toPlatform(row: Selectable<PlatformsTable>): Platform {
  return {
    id: row.id,
    name: row.name,
    family: row.family,
    description: row.description,
    verified: row.verified,
    source: row.source,
  };
}

function toCompatibility(row: Selectable<CompatibilityTable>): Compatibility {
  return {
    nsn: row.nsn,
    platform: row.platform,
    level: row.level,
    source: row.source,
    asOf: row.as_of.toISOString().slice(0, 10),
  };
}

/** An item as the event that last registered it left it. */
export interface RegisteredItem {
  item: Item;
  eventId: string;
}

/**
 * Records items a few thousand to a statement (projection of ItemRegistered and ItemsImported):
 * the rows travel as one JSON parameter that the database unpacks, which costs both sides far
 * less than thousands of bound parameters and stays clear of PGlite's limit on them. A later
 * registration of an NSN overwrites an earlier one, as one statement per event would.
 */
export async function upsertItems(
  db: Executor,
  registrations: readonly RegisteredItem[],
): Promise<void> {
  const latest = [...new Map(registrations.map((r) => [r.item.nsn, r])).values()];
  for (let start = 0; start < latest.length; start += ROWS_PER_STATEMENT)
    await upsertItemRows(db, latest.slice(start, start + ROWS_PER_STATEMENT));
}

/**
 * Rows per statement: an import's batch in one, while a replay, whose events carry a hundred
 * items each, does not send the whole catalogue as one parameter.
 */
const ROWS_PER_STATEMENT = 5000;

async function upsertItemRows(db: Executor, registrations: readonly RegisteredItem[]) {
  const rows = JSON.stringify(
    registrations.map(({ item, eventId }) => ({
      nsn: item.nsn,
      supply_class: item.supplyClass,
      ncb: item.ncb,
      name: item.name,
      family: item.family,
      standards: item.standards,
      unit_of_issue: item.unitOfIssue,
      // As text: a JSON number would lose the digits of a price above 2^53.
      reference_price_minor: item.referencePrice?.minor.toString() ?? null,
      reference_currency: item.referencePrice?.currency ?? null,
      restricted: item.restricted,
      verified: item.verified,
      source: item.source,
      event_id: eventId,
    })),
  );
  await sql`
    INSERT INTO catalogue_items (nsn, supply_class, ncb, name, family, standards, unit_of_issue,
      reference_price_minor, reference_currency, restricted, verified, source, event_id)
    SELECT r.nsn, r.supply_class, r.ncb, r.name, r.family, r.standards, r.unit_of_issue,
      r.reference_price_minor, r.reference_currency, r.restricted, r.verified, r.source, r.event_id
    FROM json_to_recordset(${rows}::json) AS r (nsn text, supply_class text, ncb text, name text,
      family text, standards text[], unit_of_issue text, reference_price_minor bigint,
      reference_currency text, restricted boolean, verified boolean, source text, event_id uuid)
    ON CONFLICT (nsn) DO UPDATE SET
      supply_class = excluded.supply_class, ncb = excluded.ncb, name = excluded.name,
      family = excluded.family, standards = excluded.standards,
      unit_of_issue = excluded.unit_of_issue,
      reference_price_minor = excluded.reference_price_minor,
      reference_currency = excluded.reference_currency, restricted = excluded.restricted,
      verified = excluded.verified, source = excluded.source, event_id = excluded.event_id`.execute(
    db,
  );
}

/** Records a platform (projection of PlatformRegistered). */
export async function upsertPlatform(
  db: Executor,
  platform: Platform,
  eventId: string,
): Promise<void> {
  const row = { ...platform, event_id: eventId };
  await db
    .insertInto('catalogue_platforms')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}

/** Records the current level of an edge (projection of CompatibilityAssessed). */
export async function upsertCompatibility(
  db: Executor,
  edge: Compatibility,
  eventId: string,
): Promise<void> {
  const row = {
    nsn: edge.nsn,
    platform: edge.platform,
    level: edge.level,
    source: edge.source,
    as_of: edge.asOf,
    event_id: eventId,
  };
  await db
    .insertInto('catalogue_compatibility')
    .values(row)
    .onConflict((oc) => oc.columns(['nsn', 'platform']).doUpdateSet(row))
    .execute();
}

/** Sets how many of a platform a nation fields; zero removes it (projection of FleetSet). */
export async function setFleet(
  db: Executor,
  nation: string,
  platform: string,
  count: number,
  eventId: string,
): Promise<void> {
  if (count === 0) {
    await db
      .deleteFrom('catalogue_fleets')
      .where('nation', '=', nation)
      .where('platform', '=', platform)
      .execute();
    return;
  }
  await db
    .insertInto('catalogue_fleets')
    .values({ nation, platform, count, event_id: eventId })
    .onConflict((oc) =>
      oc.columns(['nation', 'platform']).doUpdateSet({ count, event_id: eventId }),
    )
    .execute();
}

/** Sets the level a nation accepts for a family (projection of AcceptedLevelSet). */
export async function setAcceptedLevel(
  db: Executor,
  nation: string,
  family: string,
  level: Level,
  eventId: string,
): Promise<void> {
  await db
    .insertInto('catalogue_accepted_levels')
    .values({ nation, family, level, event_id: eventId })
    .onConflict((oc) => oc.columns(['nation', 'family']).doUpdateSet({ level, event_id: eventId }))
    .execute();
}

/** One item by canonical NSN. */
export async function findItem(db: Executor, nsn: string): Promise<Item | undefined> {
  const row = await db
    .selectFrom('catalogue_items')
    .select(ITEM_COLUMNS)
    .where('nsn', '=', nsn)
    .executeTakeFirst();
  return row === undefined ? undefined : toItem(row);
}

/** What an item search may ask: any combination, all of which must hold. */
export interface ItemQuery {
  nsnPrefix?: string;
  supplyClass?: string;
  family?: string;
  text?: string;
  includeRestricted: boolean;
  limit: number;
  offset: number;
}

/** Items matching a query, best text match first (else by NSN). */
export async function searchItems(db: Executor, query: ItemQuery): Promise<Item[]> {
  let select = db.selectFrom('catalogue_items').select(ITEM_COLUMNS);
  if (query.nsnPrefix !== undefined)
    select = select.where('nsn', 'like', `${query.nsnPrefix.replace(/[%_\\]/g, '\\$&')}%`);
  if (query.supplyClass !== undefined)
    select = select.where('supply_class', '=', query.supplyClass);
  if (query.family !== undefined) select = select.where('family', '=', query.family);
  if (!query.includeRestricted) select = select.where('restricted', '=', false);
  if (query.text !== undefined) {
    const tsquery = sql`plainto_tsquery('simple', ${query.text})`;
    select = select
      .where(sql<boolean>`search @@ ${tsquery}`)
      .orderBy(sql`ts_rank(search, ${tsquery})`, 'desc');
  }
  const rows = await select.orderBy('nsn').limit(query.limit).offset(query.offset).execute();
  return rows.map(toItem);
}

/** Up to `limit` items after an NSN, in NSN order: a whole catalogue, one page at a time. */
export async function itemsAfter(db: Executor, afterNsn: string, limit: number): Promise<Item[]> {
  const rows = await db
    .selectFrom('catalogue_items')
    .select(ITEM_COLUMNS)
    .where('nsn', '>', afterNsn)
    .orderBy('nsn')
    .limit(limit)
    .execute();
  return rows.map(toItem);
}

/** Items of the given NSNs. */
export async function itemsByNsn(db: Executor, nsns: readonly string[]): Promise<Item[]> {
  if (nsns.length === 0) return [];
  const rows = await db
    .selectFrom('catalogue_items')
    .select(ITEM_COLUMNS)
    // One array parameter, however many NSNs: an import asks for thousands at a time.
    .where('nsn', '=', sql<string>`ANY(${[...nsns]}::text[])`)
    .orderBy('nsn')
    .execute();
  return rows.map(toItem);
}

/** NSNs of every item of a family. */
export async function nsnsOfFamily(db: Executor, family: string): Promise<string[]> {
  const rows = await db
    .selectFrom('catalogue_items')
    .select('nsn')
    .where('family', '=', family)
    .orderBy('nsn')
    .execute();
  return rows.map((r) => r.nsn);
}

/** One platform. */
export async function findPlatform(db: Executor, id: string): Promise<Platform | undefined> {
  const row = await db
    .selectFrom('catalogue_platforms')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toPlatform(row);
}

/** Every platform, by family then name. */
export async function listPlatforms(db: Executor): Promise<Platform[]> {
  const rows = await db
    .selectFrom('catalogue_platforms')
    .selectAll()
    .orderBy('family')
    .orderBy('name')
    .execute();
  return rows.map(toPlatform);
}

/** Edges touching some items or some platforms (or all, when both are undefined). */
export async function compatibilityEdges(
  db: Executor,
  filter: { nsns?: readonly string[]; platforms?: readonly string[] } = {},
): Promise<Compatibility[]> {
  let select = db.selectFrom('catalogue_compatibility').selectAll();
  if (filter.nsns !== undefined) {
    if (filter.nsns.length === 0) return [];
    select = select.where('nsn', 'in', [...filter.nsns]);
  }
  if (filter.platforms !== undefined) {
    if (filter.platforms.length === 0) return [];
    select = select.where('platform', 'in', [...filter.platforms]);
  }
  const rows = await select.orderBy('nsn').orderBy('platform').execute();
  return rows.map(toCompatibility);
}

/** A nation's fleet: platform → number fielded. */
export async function fleetOf(db: Executor, nation: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('catalogue_fleets')
    .select(['platform', 'count'])
    .where('nation', '=', nation)
    .execute();
  return new Map(rows.map((r) => [r.platform, r.count]));
}

/** The level a nation accepts for a family: `qualified` unless it said otherwise. */
export async function acceptedLevel(db: Executor, nation: string, family: string): Promise<Level> {
  const row = await db
    .selectFrom('catalogue_accepted_levels')
    .select('level')
    .where('nation', '=', nation)
    .where('family', '=', family)
    .executeTakeFirst();
  return row?.level ?? 'qualified';
}

/** How many items the catalogue holds. */
export async function countItems(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('catalogue_items')
    .select(sql<bigint>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
