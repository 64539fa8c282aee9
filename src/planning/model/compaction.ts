// biome-ignore-all lint/style/noNonNullAssertion: indices into the typed arrays are in range by construction.
import type { PlanningInstance } from './instance.ts';

/**
 * Arcs that can travel together. When a line may take every month of a production line at one
 * price — the common case: an option is a (supplier, item), good in any month — its per-month
 * arcs are one group, and the schedule routes the group through a chain of that production
 * line's months instead (forward: early units wait, free; backward: one month late per step), so
 * an option costs one arc rather than one per month. Lateness and price along any path are those
 * of the direct arc, so every optimum is the same.
 */
export interface Compaction {
  /** Per arc of the instance: its group, or -1 when it stays a direct arc. */
  arcGroup: Int32Array;
  groupLine: Int32Array;
  groupProduction: Int32Array;
  groupPrice: Float64Array;
  /** The arcs of group g, ordered as the production line's sources: groupStart[g] ... */
  groupStart: Int32Array;
  groupArcs: Int32Array;
  /** Per production line: its sources (in order), first and last month. */
  productionStart: Int32Array;
  productionSources: Int32Array;
  productionFirstMonth: Int32Array;
  productionLastMonth: Int32Array;
}

function csr(keys: Int32Array, range: number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(range + 1);
  for (let i = 0; i < keys.length; i++) start[keys[i]! + 1]!++;
  for (let k = 0; k < range; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, range);
  const items = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) items[fill[keys[i]!]!++] = i;
  return { start, items };
}

/** Finds the groups: (line, production line) pairs whose arcs cover every source once, at one price. */
export function compactionOf(instance: PlanningInstance): Compaction {
  const { sourceProduction, sourceMonth, arcSource, arcLine, arcPrice } = instance;
  const sources = sourceProduction.length;
  const lines = instance.lineQuantity.length;
  let productions = 0;
  for (let s = 0; s < sources; s++) productions = Math.max(productions, sourceProduction[s]! + 1);
  const byProduction = csr(sourceProduction, productions);
  const position = new Int32Array(sources);
  const firstMonth = new Int32Array(productions).fill(2 ** 30);
  const lastMonth = new Int32Array(productions).fill(-(2 ** 30));
  for (let p = 0; p < productions; p++) {
    for (let k = byProduction.start[p]!; k < byProduction.start[p + 1]!; k++) {
      const s = byProduction.items[k]!;
      position[s] = k - byProduction.start[p]!;
      firstMonth[p] = Math.min(firstMonth[p]!, sourceMonth[s]!);
      lastMonth[p] = Math.max(lastMonth[p]!, sourceMonth[s]!);
    }
  }

  const byLine = csr(arcLine, lines);
  const stamp = new Int32Array(productions).fill(-1);
  const count = new Int32Array(productions);
  const price = new Float64Array(productions);
  const uniform = new Uint8Array(productions);
  const sourceStamp = new Int32Array(sources).fill(-1);
  const group = new Int32Array(productions);
  const arcGroup = new Int32Array(arcSource.length).fill(-1);
  const groupLine: number[] = [];
  const groupProduction: number[] = [];
  const groupPrice: number[] = [];
  for (let l = 0; l < lines; l++) {
    const from = byLine.start[l]!;
    const to = byLine.start[l + 1]!;
    for (let k = from; k < to; k++) {
      const a = byLine.items[k]!;
      const s = arcSource[a]!;
      const p = sourceProduction[s]!;
      if (stamp[p] !== l) {
        stamp[p] = l;
        count[p] = 0;
        price[p] = arcPrice[a]!;
        uniform[p] = 1;
        group[p] = -1;
      }
      if (sourceStamp[s] === l || price[p] !== arcPrice[a]) uniform[p] = 0;
      sourceStamp[s] = l;
      count[p]!++;
    }
    for (let k = from; k < to; k++) {
      const a = byLine.items[k]!;
      const p = sourceProduction[arcSource[a]!]!;
      const size = byProduction.start[p + 1]! - byProduction.start[p]!;
      if (uniform[p] === 0 || count[p] !== size) continue;
      if (group[p] === -1) {
        group[p] = groupLine.length;
        groupLine.push(l);
        groupProduction.push(p);
        groupPrice.push(price[p]!);
      }
      arcGroup[a] = group[p]!;
    }
  }
  const groups = groupLine.length;
  const groupStart = new Int32Array(groups + 1);
  for (let g = 0; g < groups; g++) {
    const p = groupProduction[g]!;
    groupStart[g + 1] = groupStart[g]! + byProduction.start[p + 1]! - byProduction.start[p]!;
  }
  const groupArcs = new Int32Array(groupStart[groups]!);
  for (let a = 0; a < arcGroup.length; a++) {
    const g = arcGroup[a]!;
    if (g >= 0) groupArcs[groupStart[g]! + position[arcSource[a]!]!] = a;
  }
  return {
    arcGroup,
    groupLine: Int32Array.from(groupLine),
    groupProduction: Int32Array.from(groupProduction),
    groupPrice: Float64Array.from(groupPrice),
    groupStart,
    groupArcs,
    productionStart: byProduction.start,
    productionSources: byProduction.items,
    productionFirstMonth: firstMonth,
    productionLastMonth: lastMonth,
  };
}
