/**
 * The interchangeability graph: which item a platform can fire, and how sure we are. Every view
 * here is derived from the edges; nothing is typed in twice.
 */

/** How well an item fits a platform, best first. */
export const LEVELS = ['qualified', 'compatible-unqualified', 'not-compatible'] as const;
export type Level = (typeof LEVELS)[number];

/** One edge: an item on a platform at a level (its source and date are kept with it in the store). */
export interface Edge {
  item: string;
  platform: string;
  level: Level;
}

/** A nation's fleet: which platforms it fields, and how many of each. */
export interface Fleet {
  nation: string;
  platforms: ReadonlyMap<string, number>;
}

const RANK: Record<Level, number> = {
  qualified: 0,
  'compatible-unqualified': 1,
  'not-compatible': 2,
};

/** Whether `level` is at least as good as `accepted` (not-compatible never is). */
export function meets(level: Level, accepted: Level): boolean {
  return level !== 'not-compatible' && RANK[level] <= RANK[accepted];
}

/** The level of one item on one platform; no edge is `not-compatible`. */
export function levelOf(edges: readonly Edge[], item: string, platform: string): Level {
  return edges.find((e) => e.item === item && e.platform === platform)?.level ?? 'not-compatible';
}

/** Indexes edges by item then platform, for views that ask many times. */
function indexEdges(edges: readonly Edge[]): Map<string, Map<string, Level>> {
  const index = new Map<string, Map<string, Level>>();
  for (const edge of edges) {
    let byPlatform = index.get(edge.item);
    if (byPlatform === undefined) {
      byPlatform = new Map();
      index.set(edge.item, byPlatform);
    }
    byPlatform.set(edge.platform, edge.level);
  }
  return index;
}

/** The items a platform can fire at the accepted level or better, sorted. */
export function itemsFiredBy(edges: readonly Edge[], platform: string, accepted: Level): string[] {
  return [
    ...new Set(
      edges.filter((e) => e.platform === platform && meets(e.level, accepted)).map((e) => e.item),
    ),
  ].sort();
}

/** The platforms that can fire an item at the accepted level or better, sorted. */
export function platformsFiring(edges: readonly Edge[], item: string, accepted: Level): string[] {
  return [
    ...new Set(
      edges.filter((e) => e.item === item && meets(e.level, accepted)).map((e) => e.platform),
    ),
  ].sort();
}

/**
 * The platforms a demand line is for: the one it names, or else every platform of the nation's
 * fleet for the family (the caller passes the fleet narrowed to the family's platforms).
 */
export function platformsOfLine(familyFleet: Fleet, namedPlatform?: string): string[] {
  if (namedPlatform !== undefined) return [namedPlatform];
  return [...familyFleet.platforms.keys()].sort();
}

/**
 * The items that may stand in on a line: those at the accepted level on every platform the line is
 * for. A line for no platform has no substitute.
 */
export function substitutes(
  edges: readonly Edge[],
  candidates: readonly string[],
  linePlatforms: readonly string[],
  accepted: Level,
): string[] {
  if (linePlatforms.length === 0) return [];
  const index = indexEdges(edges);
  return candidates
    .filter((item) =>
      linePlatforms.every((p) => meets(index.get(item)?.get(p) ?? 'not-compatible', accepted)),
    )
    .sort();
}

/**
 * A nation's interoperability for a family: for each item, the share of the nation's platforms of
 * that family (counted by number of systems) that can fire it at the accepted level. The caller
 * passes the fleet narrowed to the family's platforms.
 */
export function interoperabilityScores(
  edges: readonly Edge[],
  familyFleet: Fleet,
  familyItems: readonly string[],
  accepted: Level,
): Map<string, number> {
  const index = indexEdges(edges);
  const fleet = [...familyFleet.platforms.entries()];
  const total = fleet.reduce((sum, [, count]) => sum + count, 0);
  const scores = new Map<string, number>();
  for (const item of [...familyItems].sort()) {
    const served = fleet
      .filter(([platform]) => meets(index.get(item)?.get(platform) ?? 'not-compatible', accepted))
      .reduce((sum, [, count]) => sum + count, 0);
    scores.set(item, total === 0 ? 0 : served / total);
  }
  return scores;
}

/**
 * Interchangeable groups: items that serve exactly the same set of platforms at the accepted
 * level. Items no platform fires are left out. Groups and their members are sorted.
 */
export function interchangeableGroups(
  edges: readonly Edge[],
  items: readonly string[],
  accepted: Level,
): string[][] {
  const bySignature = new Map<string, string[]>();
  for (const item of [...new Set(items)].sort()) {
    const platforms = platformsFiring(edges, item, accepted);
    if (platforms.length === 0) continue;
    const signature = platforms.join('\u0000');
    bySignature.set(signature, [...(bySignature.get(signature) ?? []), item]);
  }
  return [...bySignature.values()].sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}
