// biome-ignore-all lint/style/noNonNullAssertion: indices into the typed arrays are in range by construction.
import { claimantOf, type PlanningInstance } from './instance.ts';

/**
 * The fairness stages ask only which sources can reach which lines, not when or at what price, so
 * sources that serve exactly the same lines act as one (their capacities add), and so do lines of
 * one (nation, class) served by exactly the same source groups (their quantities add). Every flow
 * value of the quotient equals the original's; for a realistic plan it is a few hundred nodes
 * where the original has tens of thousands (every month of one supplier's item merges).
 */
export interface Quotient {
  sourceGroupCapacity: number[];
  /** The (nation, class) pair each line group belongs to. */
  lineGroupClaimant: number[];
  lineGroupQuantity: number[];
  /** Arcs between groups: pairs (source group, line group), each once. */
  arcSourceGroup: number[];
  arcLineGroup: number[];
}

function identityOrder(length: number): Int32Array {
  const order = new Int32Array(length);
  for (let i = 0; i < length; i++) order[i] = i;
  return order;
}

function countingSort(keys: Int32Array, range: number, order: Int32Array): Int32Array {
  const start = new Int32Array(range + 1);
  for (let i = 0; i < order.length; i++) start[keys[order[i]!]! + 1]!++;
  for (let k = 0; k < range; k++) start[k + 1]! += start[k]!;
  const sorted = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const arc = order[i]!;
    sorted[start[keys[arc]!]!++] = arc;
  }
  return sorted;
}

/** Merges sources with the same lines, then lines with the same claimant and source groups. */
export function quotientOf(instance: PlanningInstance): Quotient {
  const sources = instance.sourceCapacity.length;
  const lines = instance.lineQuantity.length;
  // Arcs by line, then (stably) by source: each source's lines come out in increasing order.
  const byLine = countingSort(instance.arcLine, lines, identityOrder(instance.arcLine.length));
  const order = countingSort(instance.arcSource, sources, byLine);

  // Sources with the same lines: hashed, then compared with the group's first source.
  const sourceGroup = new Int32Array(sources);
  const sourceGroupCapacity: number[] = [];
  const groupFrom: number[] = [];
  const groupTo: number[] = [];
  const groupsByHash = new Map<number, number[]>();
  const sameLines = (from: number, to: number, group: number) => {
    if (to - from !== groupTo[group]! - groupFrom[group]!) return false;
    for (let k = 0; k < to - from; k++) {
      if (instance.arcLine[order[from + k]!] !== instance.arcLine[order[groupFrom[group]! + k]!]) {
        return false;
      }
    }
    return true;
  };
  let at = 0;
  for (let s = 0; s < sources; s++) {
    const from = at;
    let hash = 0x811c9dc5;
    while (at < order.length && instance.arcSource[order[at]!] === s) {
      hash = Math.imul(hash ^ instance.arcLine[order[at]!]!, 0x01000193);
      at++;
    }
    const candidates = groupsByHash.get(hash) ?? [];
    let group = candidates.find((g) => sameLines(from, at, g));
    if (group === undefined) {
      group = sourceGroupCapacity.length;
      candidates.push(group);
      groupsByHash.set(hash, candidates);
      sourceGroupCapacity.push(0);
      groupFrom.push(from);
      groupTo.push(at);
    }
    sourceGroup[s] = group;
    sourceGroupCapacity[group]! += instance.sourceCapacity[s]!;
  }

  // Each line's source groups, each once, in increasing order.
  const groupsOfLine: number[][] = Array.from({ length: lines }, () => []);
  const seenBy = new Int32Array(sourceGroupCapacity.length).fill(-1);
  for (let k = 0; k < byLine.length; k++) {
    const a = byLine[k]!;
    const line = instance.arcLine[a]!;
    const group = sourceGroup[instance.arcSource[a]!]!;
    if (seenBy[group] === line) continue;
    seenBy[group] = line;
    groupsOfLine[line]!.push(group);
  }
  const quotient: Quotient = {
    sourceGroupCapacity,
    lineGroupClaimant: [],
    lineGroupQuantity: [],
    arcSourceGroup: [],
    arcLineGroup: [],
  };
  const lineGroupByKey = new Map<string, number>();
  for (let line = 0; line < lines; line++) {
    const groups = (groupsOfLine[line] ?? []).sort((a, b) => a - b);
    const claimant = claimantOf(instance, line);
    const key = `${claimant}:${groups.join(',')}`;
    let lineGroup = lineGroupByKey.get(key);
    if (lineGroup === undefined) {
      lineGroup = quotient.lineGroupQuantity.length;
      lineGroupByKey.set(key, lineGroup);
      quotient.lineGroupClaimant.push(claimant);
      quotient.lineGroupQuantity.push(0);
      for (const group of groups) {
        quotient.arcSourceGroup.push(group);
        quotient.arcLineGroup.push(lineGroup);
      }
    }
    quotient.lineGroupQuantity[lineGroup]! += instance.lineQuantity[line]!;
  }
  return quotient;
}
