// biome-ignore-all lint/style/noNonNullAssertion: indices into the typed arrays are in range by construction.
import { MaxFlow } from './max-flow.ts';
import type { FlowNetwork } from './network-simplex.ts';

/** Where the units objective sits in a flow network (see schedule.ts). */
export interface UnitsLayout {
  /** Arcs from each (nation, class) node to the served node, with the claim bounds. */
  firstClaimArc: number;
  claimArcs: number;
  /** The served node, and its one arc to the sink: the total of units served. */
  served: number;
  servedArc: number;
  /** Per source node: its arc straight to the sink, for what it does not use. */
  spareArc: Int32Array;
  /**
   * From here to the end, the month chains: pairs of arcs without bounds, a month to the next and
   * back, a chain's pairs in month order.
   */
  firstChainArc: number;
}

/** A flow serving the most units, and that number. */
export interface MostUnits {
  units: number;
  /** Per arc of the network, lower bound included. */
  flow: Float64Array;
}

function representatives(network: FlowNetwork, firstChainArc: number): Int32Array {
  const parent = new Int32Array(network.nodes);
  for (let u = 0; u < parent.length; u++) parent[u] = u;
  const find = (u: number): number => {
    let r = u;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[u] !== r) {
      const up = parent[u]!;
      parent[u] = r;
      u = up;
    }
    return r;
  };
  for (let e = firstChainArc; e < network.from.length; e += 2) {
    parent[find(network.from[e]!)] = find(network.to[e]!);
  }
  for (let u = 0; u < parent.length; u++) parent[u] = find(u);
  return parent;
}

/**
 * The most units a schedule can serve within the claim bounds, as a maximum flow rather than a
 * min-cost stage. Units move freely both ways along a month chain, so for the number of units
 * each chain is one node (the graph left is a few hundred productions, the lines and the
 * claimants, and its augmenting paths are short). The flow runs from a super source to each
 * source up to its capacity, through every arc but the sources' spare arcs, to the served node:
 * lower bounds first, each claim arc at its lower bound as capacity (all must fill, or no flow
 * meets the bounds), from `start` when given (a flow within the lower bounds on the arcs outside
 * the chains, the sources' feeds left to this function); then the claim arcs rise to their upper bounds and the flow grows from
 * there, and a path to the served node never takes back what already reached it. Then each chain
 * has its months make what it gives out, earliest first; what a source does not send goes down
 * its spare arc. Returns undefined when the lower bounds cannot all be met.
 */
export function mostUnits(
  network: FlowNetwork,
  layout: UnitsLayout,
  start?: Float64Array,
): MostUnits | undefined {
  const { from, to, lower, upper, supply } = network;
  const arcs = from.length;
  const chains = layout.firstChainArc;
  const superSource = network.nodes;
  const spare = new Uint8Array(arcs);
  for (const e of layout.spareArc) spare[e] = 1;
  const node = representatives(network, chains);
  const maxFlow = new MaxFlow(network.nodes + 1, chains + layout.spareArc.length);
  const flowArc = new Int32Array(chains).fill(-1);
  const firstClaim = layout.firstClaimArc;
  const lastClaim = firstClaim + layout.claimArcs;
  let lowerTotal = 0;
  for (let e = 0; e < chains; e++) {
    if (spare[e] === 1 || e === layout.servedArc || node[from[e]!] === node[to[e]!]) continue;
    const claim = e >= firstClaim && e < lastClaim;
    if (claim) lowerTotal += lower[e]!;
    flowArc[e] = maxFlow.addArc(node[from[e]!]!, node[to[e]!]!, claim ? lower[e]! : upper[e]!);
  }
  const feed = Array.from(layout.spareArc, (e) =>
    maxFlow.addArc(superSource, node[from[e]!]!, supply[from[e]!]!),
  );
  maxFlow.reset();
  const started =
    start === undefined ? 0 : sendStart(network, layout, node, start, maxFlow, flowArc, feed);
  if (started + maxFlow.augment(superSource, node[layout.served]!) !== lowerTotal) return undefined;
  for (let e = firstClaim; e < lastClaim; e++) maxFlow.raiseCapacity(flowArc[e]!, upper[e]!);
  const units = lowerTotal + maxFlow.augment(superSource, node[layout.served]!);

  const flow = new Float64Array(arcs);
  for (let e = 0; e < chains; e++) if (flowArc[e] !== -1) flow[e] = maxFlow.flow(flowArc[e]!);
  flow[layout.servedArc] = units;
  spreadOverMonths(network, layout, flow);
  return { units, flow };
}

/**
 * Puts a start flow on the contracted network, feeding each chain what it gives out from its
 * sources' capacity (its own months first, then sources that feed it); returns the units it
 * brings to the claim arcs.
 */
function sendStart(
  network: FlowNetwork,
  layout: UnitsLayout,
  node: Int32Array,
  start: Float64Array,
  maxFlow: MaxFlow,
  flowArc: Int32Array,
  feed: number[],
): number {
  const { from, to, supply } = network;
  const intake = new Float64Array(network.nodes);
  let started = 0;
  for (let e = 0; e < flowArc.length; e++) {
    const units = start[e]!;
    if (flowArc[e] === -1 || units === 0) continue;
    maxFlow.send(flowArc[e]!, units);
    intake[node[from[e]!]!]! += units;
    intake[node[to[e]!]!]! -= units;
    if (e >= layout.firstClaimArc && e < layout.firstClaimArc + layout.claimArcs) started += units;
  }
  const feedOf = new Int32Array(network.nodes).fill(-1);
  const room = new Float64Array(network.nodes);
  layout.spareArc.forEach((e, s) => {
    const source = from[e]!;
    feedOf[source] = feed[s]!;
    const units = Math.min(supply[source]!, Math.max(0, intake[node[source]!]!));
    maxFlow.send(feed[s]!, units);
    intake[node[source]!]! -= units;
    room[source] = supply[source]! - units;
  });
  for (let e = 0; e < flowArc.length; e++) {
    const source = from[e]!;
    const into = node[to[e]!]!;
    if (flowArc[e] === -1 || feedOf[source] === -1 || intake[into]! <= 0) continue;
    const units = Math.min(intake[into]!, room[source]!);
    maxFlow.send(flowArc[e]!, units);
    maxFlow.send(feedOf[source]!, units);
    room[source]! -= units;
    intake[into]! -= units;
  }
  if (intake.some((units, u) => units > 0 && u !== node[layout.served])) {
    throw new RangeError('the start flow gives out more than its sources make');
  }
  return started;
}

/**
 * Which months of each chain make the units the chain gives out: the earliest first, as much as
 * each month's sources can send. That leaves, at every month, the most units made by then, so the
 * fewest carried back (late) over each month, and the simplex starts near its lateness optimum.
 * Sets the chains', feeds' and spare arcs' flows; the other arcs' flows are given.
 */
function spreadOverMonths(network: FlowNetwork, layout: UnitsLayout, flow: Float64Array): void {
  const { from, to, supply } = network;
  const arcs = from.length;
  const chains = layout.firstChainArc;
  const nodes = network.nodes;
  const inChain = new Uint8Array(nodes);
  for (let e = chains; e < arcs; e++) inChain[from[e]!] = 1;
  const spareOf = new Int32Array(nodes).fill(-1);
  for (const e of layout.spareArc) spareOf[from[e]!] = e;
  // Feeds: arcs from a source outside the chains into a chain's month; listed by month.
  const feedHead = new Int32Array(nodes).fill(-1);
  const feedNext = new Int32Array(chains).fill(-1);
  // Per source: what it sends on arcs other than its feed. Per node: what it gives out less what
  // it takes in, on arcs other than chains and feeds.
  const sent = new Float64Array(nodes);
  const demand = new Float64Array(nodes);
  for (let e = 0; e < chains; e++) {
    if (spareOf[from[e]!] === e) continue;
    const u = from[e]!;
    const v = to[e]!;
    if (spareOf[u] !== -1 && inChain[u] === 0 && inChain[v] === 1) {
      feedNext[e] = feedHead[v]!;
      feedHead[v] = e;
      continue;
    }
    sent[u]! += flow[e]!;
    demand[u]! += flow[e]!;
    demand[v]! -= flow[e]!;
  }
  let carried = 0;
  let left = 0;
  const take = (k: number) => {
    let intake = 0;
    if (spareOf[k] !== -1) {
      intake = Math.min(supply[k]!, left);
      sent[k] = intake;
    }
    for (let e = feedHead[k]!; e !== -1; e = feedNext[e]!) {
      const units = Math.min(supply[from[e]!]! - sent[from[e]!]!, left - intake);
      flow[e] = units;
      sent[from[e]!]! += units;
      intake += units;
    }
    left -= intake;
    carried += intake - demand[k]!;
  };
  for (let e = chains; e < arcs; e += 2) {
    if (e === chains || from[e] !== to[e - 2]) {
      // A new chain: all it gives out, to be made from its first month on.
      carried = 0;
      left = 0;
      for (let f = e; f < arcs && (f === e || from[f] === to[f - 2]); f += 2) {
        left += demand[from[f]!]!;
        if (f + 2 >= arcs || from[f + 2] !== to[f]) left += demand[to[f]!]!;
      }
      take(from[e]!);
    }
    flow[e] = Math.max(carried, 0);
    flow[e + 1] = Math.max(-carried, 0);
    take(to[e]!);
  }
  for (const e of layout.spareArc) flow[e] = supply[from[e]!]! - sent[from[e]!]!;
}
