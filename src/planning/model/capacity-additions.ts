// biome-ignore-all lint/style/noNonNullAssertion: indices into the typed arrays are in range by construction.

import { compactionOf } from './compaction.ts';
import { monthsLate, type PlanningInstance } from './instance.ts';
import { NetworkSimplex } from './network-simplex.ts';

/** Arcs without bounds, with a cost each. */
class ArcBuilder {
  from: number[] = [];
  to: number[] = [];
  cost: number[] = [];
  add(from: number, to: number, cost: number): void {
    this.from.push(from);
    this.to.push(to);
    this.cost.push(cost);
  }
}

/** Units to add at one source (supplier, item, month). */
interface CapacityAddition {
  source: number;
  units: number;
  /** The source's capacity price: 1 wherever units are added (complementary slackness). */
  price: number;
}

/**
 * The fewest added units that close a class's shortfall on time, with the dual prices of the LP
 *   min Σ_s a_s
 *   Σ_{s→l on time} x_sl = q_l                 for each line l of the class  (need price v_l)
 *   Σ_{l} x_sl ≤ r_s + a_s                     for each source s             (capacity price w_s)
 *   x, a ≥ 0,
 * where r_s is the capacity the higher classes leave. Its dual is max Σ q_l v_l − Σ r_s w_s with
 * v_l ≤ w_s on every on-time arc and 0 ≤ w_s ≤ 1: w_s is how many added units one more unit of
 * existing capacity at s would save, v_l how many one more unit of need at l would cost (0 or 1:
 * the matrix is a network's).
 */
export interface CapacityAdditions {
  priority: number;
  /** Sources with units to add, in source order. */
  additions: CapacityAddition[];
  total: number;
  /** Per source: capacity left to the class, less what the plan gives the higher classes. */
  available: Float64Array;
  /** Per source: w_s. */
  capacityPrice: Float64Array;
  /** Per line: v_l for the class's lines, 0 for the others and for unreachable ones. */
  needPrice: Float64Array;
  /** Lines of the class that need units but have no option on time: no addition can close them. */
  unreachable: number[];
}

/**
 * The smallest capacity additions, over (supplier, item, month), that let every line of
 * `priority` be served in full by its due month, the higher classes keeping what the plan's
 * `flow` gives them (lower classes yield: they are served after). A min-cost flow: a hub supplies
 * every line's need, through an addition arc to any source at one unit of cost per unit, or
 * through the source's own capacity left; the hub's spare goes to a sink, so it always keeps a
 * unit more than needed and the hub's potential prices nothing. Options good in every month of a
 * production line travel along a chain of its months instead of one arc per month (see
 * compaction.ts), forward only: a unit may wait for its line, never be late. Potentials relative
 * to the hub are the LP's duals: v_l = π_l − π_hub, w_s = π_s − π_hub.
 */
export function capacityAdditions(
  instance: PlanningInstance,
  flow: Float64Array,
  priority: number,
): CapacityAdditions {
  const sources = instance.sourceCapacity.length;
  const lines = instance.lineQuantity.length;
  const available = Float64Array.from(instance.sourceCapacity);
  for (let a = 0; a < flow.length; a++) {
    if (instance.linePriority[instance.arcLine[a]!]! < priority) {
      available[instance.arcSource[a]!]! -= flow[a]!;
    }
  }
  const groups = compactionOf(instance);
  const reachable = new Uint8Array(lines);
  // Arcs of the class on time: grouped ones join their production line's chain at the due month
  // (units made earlier wait along it for free; none may come later), the others stay direct.
  const direct: number[] = [];
  for (let a = 0; a < instance.arcSource.length; a++) {
    const line = instance.arcLine[a]!;
    if (instance.linePriority[line] !== priority || monthsLate(instance, a) > 0) continue;
    reachable[line] = 1;
    if (groups.arcGroup[a] === -1) direct.push(a);
  }
  const joins: number[] = [];
  groups.groupLine.forEach((line, g) => {
    const first = groups.productionFirstMonth[groups.groupProduction[g]!]!;
    if (instance.linePriority[line] === priority && instance.lineDue[line]! >= first) joins.push(g);
  });
  const unreachable: number[] = [];
  let need = 0;
  for (let l = 0; l < lines; l++) {
    if (instance.linePriority[l] !== priority || instance.lineQuantity[l] === 0) continue;
    if (reachable[l] === 0) unreachable.push(l);
    else need += instance.lineQuantity[l]!;
  }
  const hub = sources + lines;
  const sink = hub + 1;
  const productions = groups.productionFirstMonth.length;
  const chainStart = new Int32Array(productions + 1);
  const chained = new Uint8Array(productions);
  for (const g of joins) chained[groups.groupProduction[g]!] = 1;
  for (let p = 0; p < productions; p++) {
    const span = groups.productionLastMonth[p]! - groups.productionFirstMonth[p]! + 1;
    chainStart[p + 1] = chainStart[p]! + (chained[p] === 1 ? span : 0);
  }
  const chainNode = (p: number, month: number) =>
    sink + 1 + chainStart[p]! + month - groups.productionFirstMonth[p]!;
  const nodes = sink + 1 + chainStart[productions]!;
  const arcs = new ArcBuilder();
  for (const a of direct) arcs.add(instance.arcSource[a]!, sources + instance.arcLine[a]!, 0);
  for (const g of joins) {
    const p = groups.groupProduction[g]!;
    const line = groups.groupLine[g]!;
    const at = Math.min(instance.lineDue[line]!, groups.productionLastMonth[p]!);
    arcs.add(chainNode(p, at), sources + line, 0);
  }
  for (let p = 0; p < productions; p++) {
    if (chained[p] === 0) continue;
    for (let k = groups.productionStart[p]!; k < groups.productionStart[p + 1]!; k++) {
      const s = groups.productionSources[k]!;
      arcs.add(s, chainNode(p, instance.sourceMonth[s]!), 0);
    }
    for (let m = groups.productionFirstMonth[p]!; m < groups.productionLastMonth[p]!; m++) {
      arcs.add(chainNode(p, m), chainNode(p, m + 1), 0);
    }
  }
  const firstAddition = arcs.from.length;
  for (let s = 0; s < sources; s++) arcs.add(hub, s, 1);
  for (let s = 0; s < sources; s++) arcs.add(s, sink, 0);
  arcs.add(hub, sink, 0);
  const arcCount = arcs.from.length;
  const supply = new Float64Array(nodes);
  let spare = 0;
  for (let s = 0; s < sources; s++) {
    supply[s] = available[s]!;
    spare += available[s]!;
  }
  for (let l = 0; l < lines; l++) {
    if (instance.linePriority[l] === priority && reachable[l] === 1) {
      supply[sources + l] = -instance.lineQuantity[l]!;
    }
  }
  supply[hub] = need + 1;
  supply[sink] = -(spare + 1);
  const solver = new NetworkSimplex({
    nodes,
    from: Int32Array.from(arcs.from),
    to: Int32Array.from(arcs.to),
    lower: new Float64Array(arcCount),
    upper: new Float64Array(arcCount).fill(Number.POSITIVE_INFINITY),
    supply,
  });
  if (!solver.minimise(Float64Array.from(arcs.cost))) {
    throw new Error('the capacity additions found no flow');
  }
  const base = solver.potential(hub);
  const capacityPrice = new Float64Array(sources);
  const additions: CapacityAddition[] = [];
  let total = 0;
  for (let s = 0; s < sources; s++) {
    capacityPrice[s] = solver.potential(s) - base;
    const units = solver.flow(firstAddition + s);
    if (units > 0) additions.push({ source: s, units, price: capacityPrice[s]! });
    total += units;
  }
  const needPrice = new Float64Array(lines);
  for (let l = 0; l < lines; l++) {
    if (instance.linePriority[l] === priority && reachable[l] === 1) {
      // A line needing nothing may sit anywhere below its options' prices; 0 is as good as any.
      needPrice[l] = Math.max(0, solver.potential(sources + l) - base);
    }
  }
  return { priority, additions, total, available, capacityPrice, needPrice, unreachable };
}
