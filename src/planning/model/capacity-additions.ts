// biome-ignore-all lint/style/noNonNullAssertion: indices into the typed arrays are in range by construction.
import { monthsLate, type PlanningInstance } from './instance.ts';
import { NetworkSimplex } from './network-simplex.ts';

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
 * unit more than needed and the hub's potential prices nothing. Potentials relative to the hub
 * are the LP's duals: v_l = π_l − π_hub, w_s = π_s − π_hub.
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
  const onTime: number[] = [];
  const reachable = new Uint8Array(lines);
  for (let a = 0; a < instance.arcSource.length; a++) {
    const line = instance.arcLine[a]!;
    if (instance.linePriority[line] === priority && monthsLate(instance, a) === 0) {
      onTime.push(a);
      reachable[line] = 1;
    }
  }
  const unreachable: number[] = [];
  let need = 0;
  for (let l = 0; l < lines; l++) {
    if (instance.linePriority[l] !== priority || instance.lineQuantity[l] === 0) continue;
    if (reachable[l] === 0) unreachable.push(l);
    else need += instance.lineQuantity[l]!;
  }
  const hub = sources + lines;
  const sink = hub + 1;
  const arcCount = onTime.length + 2 * sources + 1;
  const from = new Int32Array(arcCount);
  const to = new Int32Array(arcCount);
  const cost = new Float64Array(arcCount);
  onTime.forEach((a, k) => {
    from[k] = instance.arcSource[a]!;
    to[k] = sources + instance.arcLine[a]!;
  });
  const firstAddition = onTime.length;
  for (let s = 0; s < sources; s++) {
    from[firstAddition + s] = hub;
    to[firstAddition + s] = s;
    cost[firstAddition + s] = 1;
    from[firstAddition + sources + s] = s;
    to[firstAddition + sources + s] = sink;
  }
  from[arcCount - 1] = hub;
  to[arcCount - 1] = sink;
  const supply = new Float64Array(sink + 1);
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
    nodes: sink + 1,
    from,
    to,
    lower: new Float64Array(arcCount),
    upper: new Float64Array(arcCount).fill(Number.POSITIVE_INFINITY),
    supply,
  });
  if (!solver.minimise(cost)) throw new Error('the capacity additions found no flow');
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
      needPrice[l] = solver.potential(sources + l) - base;
    }
  }
  return { priority, additions, total, available, capacityPrice, needPrice, unreachable };
}
