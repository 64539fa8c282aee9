// biome-ignore-all lint/style/noNonNullAssertion: indices into the typed arrays are in range by construction.
import { claimantOf, monthsLate, type PlanningInstance } from './instance.ts';
import { type FlowNetwork, NetworkSimplex } from './network-simplex.ts';

/** Each (nation, class) pair's bounds on served units in the whole-unit schedule. */
export interface ClaimBounds {
  lower: Float64Array;
  upper: Float64Array;
}

/** The whole-unit schedule and the value of each of its lexicographic stages. */
export interface Schedule {
  /** Units on each arc of the instance. */
  flow: Float64Array;
  units: number;
  /** Unit-months late. */
  lateness: number;
  /** Minor units of the plan's currency. */
  cost: number;
  /** The network simplex's state after the last stage: potentials give the dual prices. */
  solver: NetworkSimplex;
  layout: ScheduleLayout;
}

/** Where each part of the instance sits in the schedule's flow network. */
interface ScheduleLayout {
  firstLine: number;
  firstClaimant: number;
  sink: number;
  /** The first line→claimant arc; line l's is firstLineArc + l. */
  firstLineArc: number;
  /** The first claimant→sink arc; claimant c's is firstClaimArc + c. */
  firstClaimArc: number;
  /** The first unused-capacity arc (source→sink); source s's is firstSpareArc + s. */
  firstSpareArc: number;
}

/**
 * The network of the schedule: sources supply their capacity; each allowed arc carries units from
 * a source to a line; each line passes at most its quantity to its (nation, class) node; that node
 * passes to the sink between its bounds; what a source does not use goes to the sink directly.
 */
function networkOf(
  instance: PlanningInstance,
  bounds: ClaimBounds,
): {
  network: FlowNetwork;
  layout: ScheduleLayout;
} {
  const sources = instance.sourceCapacity.length;
  const lines = instance.lineQuantity.length;
  const claimants = bounds.lower.length;
  const arcs = instance.arcSource.length;
  const firstLine = sources;
  const firstClaimant = firstLine + lines;
  const sink = firstClaimant + claimants;
  const layout: ScheduleLayout = {
    firstLine,
    firstClaimant,
    sink,
    firstLineArc: arcs,
    firstClaimArc: arcs + lines,
    firstSpareArc: arcs + lines + claimants,
  };
  const total = arcs + lines + claimants + sources;
  const from = new Int32Array(total);
  const to = new Int32Array(total);
  const lower = new Float64Array(total);
  const upper = new Float64Array(total);
  const supply = new Float64Array(sink + 1);
  for (let a = 0; a < arcs; a++) {
    from[a] = instance.arcSource[a]!;
    to[a] = firstLine + instance.arcLine[a]!;
    upper[a] = instance.lineQuantity[instance.arcLine[a]!]!;
  }
  for (let l = 0; l < lines; l++) {
    const a = layout.firstLineArc + l;
    from[a] = firstLine + l;
    to[a] = firstClaimant + claimantOf(instance, l);
    upper[a] = instance.lineQuantity[l]!;
  }
  for (let c = 0; c < claimants; c++) {
    const a = layout.firstClaimArc + c;
    from[a] = firstClaimant + c;
    to[a] = sink;
    lower[a] = bounds.lower[c]!;
    upper[a] = bounds.upper[c]!;
  }
  let capacity = 0;
  for (let s = 0; s < sources; s++) {
    const a = layout.firstSpareArc + s;
    from[a] = s;
    to[a] = sink;
    upper[a] = Number.POSITIVE_INFINITY;
    supply[s] = instance.sourceCapacity[s]!;
    capacity += instance.sourceCapacity[s]!;
  }
  supply[sink] = -capacity;
  return { network: { nodes: sink + 1, from, to, lower, upper, supply }, layout };
}

/**
 * The whole-unit schedule: within each (nation, class) pair's bounds, the most units served, then
 * the fewest unit-months late, then the lowest cost — three objectives on one network simplex
 * basis, each optimised over the optimal flows of the one before. Throws when the bounds admit no
 * flow (fair-share bounds always do).
 */
export function schedule(instance: PlanningInstance, bounds: ClaimBounds): Schedule {
  const { network, layout } = networkOf(instance, bounds);
  const solver = new NetworkSimplex(network);
  const arcs = instance.arcSource.length;
  const size = network.from.length;

  const unitsCost = new Float64Array(size);
  unitsCost.fill(-1, layout.firstClaimArc, layout.firstClaimArc + bounds.lower.length);
  if (!solver.minimise(unitsCost)) throw new RangeError('no schedule meets the claim bounds');
  solver.pin();
  const latenessCost = new Float64Array(size);
  for (let a = 0; a < arcs; a++) latenessCost[a] = monthsLate(instance, a);
  solver.minimise(latenessCost);
  solver.pin();
  const priceCost = new Float64Array(size);
  priceCost.set(instance.arcPrice);
  solver.minimise(priceCost);

  const flow = new Float64Array(arcs);
  let lateness = 0;
  let cost = 0;
  for (let a = 0; a < arcs; a++) {
    const f = solver.flow(a);
    flow[a] = f;
    lateness += f * latenessCost[a]!;
    cost += f * priceCost[a]!;
  }
  let units = 0;
  for (let c = 0; c < bounds.lower.length; c++) units += solver.flow(layout.firstClaimArc + c);
  return { flow, units, lateness, cost, solver, layout };
}
