// biome-ignore-all lint/style/noNonNullAssertion: indices into the typed arrays are in range by construction.
import { type Compaction, compactionOf } from './compaction.ts';
import { claimantOf, monthsLate, type PlanningInstance } from './instance.ts';
import { mostUnits, type UnitsLayout } from './most-units.ts';
import { type FlowNetwork, NetworkSimplex } from './network-simplex.ts';
import { onTimeStart, type StartLayout } from './on-time-start.ts';

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
interface ScheduleLayout extends UnitsLayout, StartLayout {
  /** Network arc of direct arc i: i; its instance arc: directArc[i]. */
  directArc: Int32Array;
  /** Network arc of group g: firstGroupArc + g. */
  firstGroupArc: number;
}

interface Built {
  network: FlowNetwork;
  layout: ScheduleLayout;
  lateness: Float64Array;
  price: Float64Array;
}

/** A growing list of arcs with their bounds and two costs. */
class ArcList {
  from: number[] = [];
  to: number[] = [];
  upper: number[] = [];
  lower: number[] = [];
  lateness: number[] = [];
  price: number[] = [];
  add(from: number, to: number, upper: number, lateness = 0, price = 0, lower = 0): number {
    this.from.push(from);
    this.to.push(to);
    this.upper.push(upper);
    this.lower.push(lower);
    this.lateness.push(lateness);
    this.price.push(price);
    return this.from.length - 1;
  }
}

/**
 * The network of the schedule: sources supply their capacity; arcs carry units from a source (or
 * a production line's chain of months, for grouped arcs) to a line; each line passes at most its
 * quantity to its (nation, class) node; that node passes to the served node between its bounds,
 * and the served node to the sink (its one arc is the total of units, fixed at the most units
 * before lateness and cost are minimised); what a source does not use goes to the sink directly.
 */
function networkOf(instance: PlanningInstance, bounds: ClaimBounds, groups: Compaction): Built {
  const sources = instance.sourceCapacity.length;
  const lines = instance.lineQuantity.length;
  const claimants = bounds.lower.length;
  const firstLine = sources;
  const firstClaimant = firstLine + lines;
  const served = firstClaimant + claimants;
  const sink = served + 1;
  const productions = groups.productionFirstMonth.length;
  // A chain has a node per month from the production line's first to last; a month's only source,
  // when none of its arcs stayed direct, is that node itself (no feed arc, one node fewer).
  const chainNode = new Int32Array(productions).fill(-1);
  const chained = new Uint8Array(productions);
  for (const p of groups.groupProduction) chained[p] = 1;
  let chainNodes = 0;
  for (let p = 0; p < productions; p++) {
    if (chained[p] === 0) continue;
    chainNode[p] = chainNodes;
    chainNodes += groups.productionLastMonth[p]! - groups.productionFirstMonth[p]! + 1;
  }
  const monthNode = new Int32Array(chainNodes).fill(-1);
  const sharedMonth = new Uint8Array(chainNodes);
  const hasDirect = new Uint8Array(sources);
  for (let a = 0; a < instance.arcSource.length; a++) {
    if (groups.arcGroup[a] === -1) hasDirect[instance.arcSource[a]!] = 1;
  }
  for (let s = 0; s < sources; s++) {
    const p = instance.sourceProduction[s]!;
    if (chained[p] === 0) continue;
    const k = chainNode[p]! + instance.sourceMonth[s]! - groups.productionFirstMonth[p]!;
    if (monthNode[k] !== -1) sharedMonth[k] = 1;
    monthNode[k] = s;
  }
  let nodes = sink + 1;
  for (let k = 0; k < chainNodes; k++) {
    const s = monthNode[k]!;
    if (s === -1 || sharedMonth[k] === 1 || hasDirect[s] === 1) {
      monthNode[k] = nodes++;
    }
  }
  const arcs = new ArcList();
  const direct: number[] = [];
  for (let a = 0; a < instance.arcSource.length; a++) {
    if (groups.arcGroup[a] !== -1) continue;
    const line = instance.arcLine[a]!;
    direct.push(a);
    arcs.add(
      instance.arcSource[a]!,
      firstLine + line,
      instance.lineQuantity[line]!,
      monthsLate(instance, a),
      instance.arcPrice[a]!,
    );
  }
  const firstGroupArc = arcs.from.length;
  groups.groupLine.forEach((line, g) => {
    const p = groups.groupProduction[g]!;
    const first = groups.productionFirstMonth[p]!;
    const last = groups.productionLastMonth[p]!;
    const due = instance.lineDue[line]!;
    const at = Math.min(Math.max(due, first), last);
    arcs.add(
      monthNode[chainNode[p]! + at - first]!,
      firstLine + line,
      instance.lineQuantity[line]!,
      Math.max(0, first - due),
      groups.groupPrice[g]!,
    );
  });
  const firstLineArc = arcs.from.length;
  for (let l = 0; l < lines; l++) {
    arcs.add(firstLine + l, firstClaimant + claimantOf(instance, l), instance.lineQuantity[l]!);
  }
  const firstClaimArc = arcs.from.length;
  for (let c = 0; c < claimants; c++) {
    arcs.add(firstClaimant + c, served, bounds.upper[c]!, 0, 0, bounds.lower[c]!);
  }
  const servedArc = arcs.add(served, sink, Number.POSITIVE_INFINITY);
  const supply = new Float64Array(nodes);
  let capacity = 0;
  const spareArc = new Int32Array(sources);
  for (let s = 0; s < sources; s++) {
    spareArc[s] = arcs.add(s, sink, Number.POSITIVE_INFINITY);
    supply[s] = instance.sourceCapacity[s]!;
    capacity += instance.sourceCapacity[s]!;
    const p = instance.sourceProduction[s]!;
    if (chainNode[p]! >= 0) {
      const at =
        monthNode[chainNode[p]! + instance.sourceMonth[s]! - groups.productionFirstMonth[p]!]!;
      if (at !== s) arcs.add(s, at, Number.POSITIVE_INFINITY);
    }
  }
  supply[sink] = -capacity;
  const firstChainArc = arcs.from.length;
  for (let p = 0; p < productions; p++) {
    if (chainNode[p] === -1) continue;
    const months = groups.productionLastMonth[p]! - groups.productionFirstMonth[p]!;
    for (let k = 0; k < months; k++) {
      const here = monthNode[chainNode[p]! + k]!;
      const next = monthNode[chainNode[p]! + k + 1]!;
      arcs.add(here, next, Number.POSITIVE_INFINITY);
      arcs.add(next, here, Number.POSITIVE_INFINITY, 1);
    }
  }
  return {
    network: {
      nodes,
      from: Int32Array.from(arcs.from),
      to: Int32Array.from(arcs.to),
      lower: Float64Array.from(arcs.lower),
      upper: Float64Array.from(arcs.upper),
      supply,
    },
    layout: {
      directArc: Int32Array.from(direct),
      firstGroupArc,
      firstLineArc,
      firstClaimArc,
      claimArcs: claimants,
      firstChainArc,
      served,
      servedArc,
      spareArc,
    },
    lateness: Float64Array.from(arcs.lateness),
    price: Float64Array.from(arcs.price),
  };
}

/**
 * Spreads each group's flow back over its per-month arcs: along a production line's months, the
 * lines waiting (by due month) take the units made (by month) first come, first served. That
 * makes exactly as many units late across each month as the chain carried back over it, so the
 * arcs' lateness and cost are the network's.
 */
function ungroup(
  instance: PlanningInstance,
  groups: Compaction,
  solver: NetworkSimplex,
  layout: ScheduleLayout,
  flow: Float64Array,
): void {
  // What each source made that went into its chain: neither unused nor on a direct arc.
  const madeForChain = new Float64Array(instance.sourceCapacity.length);
  for (let src = 0; src < madeForChain.length; src++) {
    madeForChain[src] = instance.sourceCapacity[src]! - solver.flow(layout.spareArc[src]!);
  }
  for (let a = 0; a < flow.length; a++) {
    if (groups.arcGroup[a] === -1) madeForChain[instance.arcSource[a]!]! -= flow[a]!;
  }
  const byProduction = new Map<number, number[]>();
  groups.groupProduction.forEach((p, g) => {
    const list = byProduction.get(p) ?? [];
    list.push(g);
    byProduction.set(p, list);
  });
  for (const [p, list] of byProduction) {
    const first = groups.productionFirstMonth[p]!;
    const months = groups.productionLastMonth[p]! - first + 1;
    const madeIn: { position: number; units: number }[][] = Array.from(
      { length: months },
      () => [],
    );
    for (let k = groups.productionStart[p]!; k < groups.productionStart[p + 1]!; k++) {
      const s = groups.productionSources[k]!;
      const units = madeForChain[s]!;
      if (units > 0) {
        madeIn[instance.sourceMonth[s]! - first]!.push({
          position: k - groups.productionStart[p]!,
          units,
        });
      }
    }
    const wantedAt: { group: number; units: number }[][] = Array.from({ length: months }, () => []);
    for (const g of list) {
      const units = solver.flow(layout.firstGroupArc + g);
      const due = instance.lineDue[groups.groupLine[g]!]!;
      const at = Math.min(Math.max(due, first), first + months - 1) - first;
      if (units > 0) wantedAt[at]!.push({ group: g, units });
    }
    const made: { position: number; units: number }[] = [];
    const wanted: { group: number; units: number }[] = [];
    let madeHead = 0;
    let wantedHead = 0;
    for (let k = 0; k < months; k++) {
      made.push(...madeIn[k]!);
      wanted.push(...wantedAt[k]!);
      while (madeHead < made.length && wantedHead < wanted.length) {
        const supply = made[madeHead]!;
        const demand = wanted[wantedHead]!;
        const units = Math.min(supply.units, demand.units);
        flow[groups.groupArcs[groups.groupStart[demand.group]! + supply.position]!]! += units;
        supply.units -= units;
        demand.units -= units;
        if (supply.units === 0) madeHead++;
        if (demand.units === 0) wantedHead++;
      }
    }
  }
}

/** The schedule's flow network, built once, solved by `solveSchedule`. */
export interface ScheduleNetwork extends Built {
  instance: PlanningInstance;
  bounds: ClaimBounds;
  groups: Compaction;
}

/** Builds the schedule's network for an instance and (nation, class) bounds. */
export function scheduleNetwork(instance: PlanningInstance, bounds: ClaimBounds): ScheduleNetwork {
  const groups = compactionOf(instance);
  return { instance, bounds, groups, ...networkOf(instance, bounds, groups) };
}

/**
 * The stages: the most units, by a maximum flow; then, with the total held there, the fewest
 * unit-months late and the lowest cost among those, two min-cost stages of one network simplex
 * started from that flow.
 */
export function solveSchedule(built: ScheduleNetwork): NetworkSimplex {
  const { network, layout, lateness, price } = built;
  const arcs = network.from.length;
  const start = onTimeStart(built.instance, built.groups, built.bounds.lower, layout, arcs);
  const most = mostUnits(network, layout, start);
  if (most === undefined) throw new RangeError('no schedule meets the claim bounds');
  const lower = Float64Array.from(network.lower);
  const upper = Float64Array.from(network.upper);
  lower[layout.servedArc] = most.units;
  upper[layout.servedArc] = most.units;
  const solver = new NetworkSimplex({ ...network, lower, upper, flow: most.flow });
  solver.minimise(lateness);
  solver.pin();
  solver.minimise(price);
  return solver;
}

/**
 * The whole-unit schedule: within each (nation, class) pair's bounds, the most units served, then
 * the fewest unit-months late, then the lowest cost, each optimised over the optimal flows of the
 * one before. Throws when the bounds admit no flow (fair-share bounds always do).
 */
export function schedule(instance: PlanningInstance, bounds: ClaimBounds): Schedule {
  const built = scheduleNetwork(instance, bounds);
  const solver = solveSchedule(built);
  const { layout, groups } = built;
  const arcs = instance.arcSource.length;
  const flow = new Float64Array(arcs);
  layout.directArc.forEach((a, i) => {
    flow[a] = solver.flow(i);
  });
  ungroup(instance, groups, solver, layout, flow);
  let late = 0;
  let cost = 0;
  for (let a = 0; a < arcs; a++) {
    const units = flow[a]!;
    if (units === 0) continue;
    late += units * monthsLate(instance, a);
    cost += units * instance.arcPrice[a]!;
  }
  const units = solver.flow(layout.servedArc);
  return { flow, units, lateness: late, cost, solver, layout };
}
