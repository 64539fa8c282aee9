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

/** Orders arc indices by source, then line (two stable counting sorts). */
function arcsBySourceThenLine(instance: PlanningInstance): Int32Array {
  const { arcSource, arcLine } = instance;
  const byLine = countingSort(arcLine, instance.lineQuantity.length, identityOrder(arcLine.length));
  return countingSort(arcSource, instance.sourceCapacity.length, byLine);
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
  const order = arcsBySourceThenLine(instance);

  const sourceGroup = new Int32Array(sources);
  const sourceGroupCapacity: number[] = [];
  const groupByLines = new Map<string, number>();
  let at = 0;
  for (let s = 0; s < sources; s++) {
    const served: number[] = [];
    while (at < order.length && instance.arcSource[order[at]!] === s) {
      const line = instance.arcLine[order[at]!]!;
      if (served[served.length - 1] !== line) served.push(line);
      at++;
    }
    const key = served.join(',');
    let group = groupByLines.get(key);
    if (group === undefined) {
      group = sourceGroupCapacity.length;
      groupByLines.set(key, group);
      sourceGroupCapacity.push(0);
    }
    sourceGroup[s] = group;
    sourceGroupCapacity[group]! += instance.sourceCapacity[s]!;
  }

  const groupsOfLine: number[][] = Array.from({ length: lines }, () => []);
  for (let arc = 0; arc < order.length; arc++) {
    const a = order[arc]!;
    groupsOfLine[instance.arcLine[a]!]!.push(sourceGroup[instance.arcSource[a]!]!);
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
    const groups = [...new Set(groupsOfLine[line])].sort((a, b) => a - b);
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
