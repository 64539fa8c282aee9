import type { Executor } from '../platform/db/database.ts';
import type { Item, Platform } from './model/catalogue.ts';
import {
  type Edge,
  type Fleet,
  interchangeableGroups,
  interoperabilityScores,
  itemsFiredBy,
  type Level,
  platformsFiring,
  platformsOfLine,
  substitutes,
} from './model/compatibility.ts';
import {
  acceptedLevel,
  assessmentsOf,
  compatibilityEdges,
  findItem,
  findPlatform,
  fleetOf,
  itemsAfter,
  itemsByNsn,
  listPlatforms,
  nsnsOfFamily,
  searchItems,
} from './store.ts';

export { assessmentsOf, findItem, findPlatform, listPlatforms, searchItems };

/** Every item, in NSN order, read a page at a time so that memory stays flat. */
export async function* everyItem(db: Executor): AsyncGenerator<Item> {
  let after = '';
  for (;;) {
    const page = await itemsAfter(db, after, 1000);
    yield* page;
    const last = page.at(-1);
    if (last === undefined || page.length < 1000) return;
    after = last.nsn;
  }
}

const toEdges = (rows: { nsn: string; platform: string; level: Level }[]): Edge[] =>
  rows.map((r) => ({ item: r.nsn, platform: r.platform, level: r.level }));

/** A nation's fleet, narrowed to the platforms that fire a family. */
async function familyFleet(db: Executor, nation: string, family: string): Promise<Fleet> {
  const ofFamily = new Set(
    (await listPlatforms(db)).filter((p) => p.family === family).map((p) => p.id),
  );
  const fleet = await fleetOf(db, nation);
  return { nation, platforms: new Map([...fleet].filter(([platform]) => ofFamily.has(platform))) };
}

/** The items a platform can fire at a level or better. */
export async function itemsForPlatform(
  db: Executor,
  platform: string,
  level: Level,
): Promise<Item[]> {
  const edges = toEdges(await compatibilityEdges(db, { platforms: [platform] }));
  return itemsByNsn(db, itemsFiredBy(edges, platform, level));
}

/** The platforms that can fire an item at a level or better. */
export async function platformsForItem(
  db: Executor,
  nsn: string,
  level: Level,
): Promise<Platform[]> {
  const edges = toEdges(await compatibilityEdges(db, { nsns: [nsn] }));
  const ids = platformsFiring(edges, nsn, level);
  const all = await listPlatforms(db);
  return all.filter((p) => ids.includes(p.id));
}

/** What may stand in for an item on a nation's line (for a named platform, or its whole fleet). */
export async function substitutesFor(
  db: Executor,
  input: { nation: string; nsn: string; platform?: string },
): Promise<{ accepted: Level; platforms: string[]; items: Item[] } | undefined> {
  const item = await findItem(db, input.nsn);
  if (item === undefined) return undefined;
  const family = await nsnsOfFamily(db, item.family);
  const accepted = await acceptedLevel(db, input.nation, item.family);
  const edges = toEdges(await compatibilityEdges(db, { nsns: family }));
  const platforms = platformsOfLine(
    await familyFleet(db, input.nation, item.family),
    input.platform,
  );
  const items = substitutes(edges, family, platforms, accepted);
  return { accepted, platforms, items: await itemsByNsn(db, items) };
}

/** A nation's interoperability for a family: the share of its fleet each item serves. */
export async function interoperabilityOf(
  db: Executor,
  nation: string,
  family: string,
): Promise<{ accepted: Level; scores: { nsn: string; share: number }[] }> {
  const nsns = await nsnsOfFamily(db, family);
  const accepted = await acceptedLevel(db, nation, family);
  const edges = toEdges(await compatibilityEdges(db, { nsns }));
  const scores = interoperabilityScores(
    edges,
    await familyFleet(db, nation, family),
    nsns,
    accepted,
  );
  return { accepted, scores: [...scores].map(([nsn, share]) => ({ nsn, share })) };
}

/** Items of a family that serve the same platforms at a level: candidates to pool into one lot. */
export async function groupsOfFamily(
  db: Executor,
  family: string,
  level: Level,
): Promise<string[][]> {
  const nsns = await nsnsOfFamily(db, family);
  return interchangeableGroups(toEdges(await compatibilityEdges(db, { nsns })), nsns, level);
}

/**
 * What pooling a family's demand needs from the catalogue: its items, their edges, and for each
 * of some nations the platforms of the family it fields and the level it accepts.
 */
export async function poolingFacts(
  db: Executor,
  family: string,
  nations: readonly string[],
): Promise<{
  items: string[];
  edges: Edge[];
  fleets: Map<string, string[]>;
  accepted: Map<string, Level>;
}> {
  const items = await nsnsOfFamily(db, family);
  const edges = toEdges(await compatibilityEdges(db, { nsns: items }));
  const fleets = new Map<string, string[]>();
  const accepted = new Map<string, Level>();
  for (const nation of nations) {
    fleets.set(nation, platformsOfLine(await familyFleet(db, nation, family)));
    accepted.set(nation, await acceptedLevel(db, nation, family));
  }
  return { items, edges, fleets, accepted };
}
