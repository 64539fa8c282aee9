import type { StoredResults } from './events.ts';

type Figures = StoredResults['totals'];

/** How a nation (or the pool) fares in two plans, and the difference. */
export interface Comparison {
  nation: string;
  base: Figures & { share: number };
  other: Figures & { share: number };
  delta: { served: number; shortfall: number; lateness: number; cost: string };
}

const EMPTY: Figures = { need: 0, served: 0, shortfall: 0, lateness: 0, cost: '0' };

/** The share of need served, 1 when nothing is needed. */
const withShare = (f: Figures) => ({ ...f, share: f.need === 0 ? 1 : f.served / f.need });

function compared(nation: string, base: Figures, other: Figures): Comparison {
  return {
    nation,
    base: withShare(base),
    other: withShare(other),
    delta: {
      served: other.served - base.served,
      shortfall: other.shortfall - base.shortfall,
      lateness: other.lateness - base.lateness,
      cost: (BigInt(other.cost) - BigInt(base.cost)).toString(),
    },
  };
}

/**
 * Two plans side by side: the pool's totals, then each nation in either, by units served and
 * share of need, shortfall, lateness (unit-months) and cost. A nation absent from one plan counts
 * as needing nothing there.
 */
export function comparePlans(
  base: StoredResults,
  other: StoredResults,
): { totals: Comparison; nations: Comparison[] } {
  const nations = [...new Set([...base.nations, ...other.nations].map((n) => n.nation))].sort();
  const of = (results: StoredResults, nation: string) =>
    results.nations.find((n) => n.nation === nation) ?? EMPTY;
  return {
    totals: compared('all', base.totals, other.totals),
    nations: nations.map((n) => compared(n, of(base, n), of(other, n))),
  };
}
