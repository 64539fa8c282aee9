// biome-ignore-all lint/style/noNonNullAssertion: indices into the typed arrays are in range by construction, and this is the inner loop of the fairness stages.

/**
 * Maximum flow by shortest augmenting paths over float64 capacities that hold whole numbers below
 * 2^53 (or Infinity), so every sum and difference it forms is exact. Built once per graph;
 * capacities are set again and the flow solved from zero for each query (or raised and the flow
 * continued: `raiseCapacity`).
 */
export class MaxFlow {
  private readonly head: Int32Array;
  private readonly next: Int32Array;
  private readonly to: Int32Array;
  /** Residual capacity; arc 2k is forward, 2k + 1 its reverse. */
  private readonly residual: Float64Array;
  private readonly capacity: Float64Array;
  /** Distance labels: a lower bound on the arcs from a node to the sink. */
  private readonly distance: Int32Array;
  /** How many nodes have each label, for the gap rule. */
  private readonly count: Int32Array;
  private readonly cursor: Int32Array;
  private readonly queue: Int32Array;
  /** The arcs of the path being grown from the source. */
  private readonly pathArc: Int32Array;
  private arcs = 0;

  constructor(
    private readonly nodes: number,
    maxArcs: number,
  ) {
    this.head = new Int32Array(nodes).fill(-1);
    this.next = new Int32Array(2 * maxArcs);
    this.to = new Int32Array(2 * maxArcs);
    this.residual = new Float64Array(2 * maxArcs);
    this.capacity = new Float64Array(maxArcs);
    this.distance = new Int32Array(nodes);
    this.count = new Int32Array(nodes + 1);
    this.cursor = new Int32Array(nodes);
    this.queue = new Int32Array(nodes);
    this.pathArc = new Int32Array(nodes);
  }

  /** Adds an arc and returns its index, for `setCapacity`. */
  addArc(from: number, to: number, capacity: number): number {
    const k = this.arcs++;
    this.to[2 * k] = to;
    this.next[2 * k] = this.head[from]!;
    this.head[from] = 2 * k;
    this.to[2 * k + 1] = from;
    this.next[2 * k + 1] = this.head[to]!;
    this.head[to] = 2 * k + 1;
    this.capacity[k] = capacity;
    return k;
  }

  setCapacity(arc: number, capacity: number): void {
    this.capacity[arc] = capacity;
  }

  /**
   * Raises an arc's capacity and keeps the flow found so far, so that `augment` can go on from
   * it: with lower bounds met first at their own capacity, then raised, a path to the sink never
   * takes back what reached it, so the bounds stay met.
   */
  raiseCapacity(arc: number, capacity: number): void {
    this.residual[2 * arc]! += capacity - this.capacity[arc]!;
    this.capacity[arc] = capacity;
  }

  /** Starts the flow from zero: every arc's room its capacity. */
  reset(): void {
    for (let k = 0; k < this.arcs; k++) {
      this.residual[2 * k] = this.capacity[k]!;
      this.residual[2 * k + 1] = 0;
    }
  }

  /** Puts units on an arc as a path would; the caller keeps every node balanced. */
  send(arc: number, units: number): void {
    this.residual[2 * arc]! -= units;
    this.residual[2 * arc + 1]! += units;
  }

  /** The maximum flow from `source` to `sink` under the current capacities. */
  solve(source: number, sink: number): number {
    this.reset();
    return this.augment(source, sink);
  }

  /**
   * Adds to the current flow until no path from `source` to `sink` has room; returns how much.
   * Shortest augmenting paths by distance labels (exact ones from a search back from the sink
   * first, then raised one node at a time as paths close), with the gap rule: when no node is
   * left at some distance, nothing above it reaches the sink and the flow is maximal. Paths
   * through the planner's month chains are long and many; this finds each from where the last
   * one broke instead of searching the whole graph again per length, as Dinic's method does.
   */
  augment(source: number, sink: number): number {
    const { head, next, to, residual, distance, cursor, count, pathArc } = this;
    const n = this.nodes;
    this.labelFromSink(sink);
    cursor.set(head);
    let total = 0;
    let u = source;
    let depth = 0;
    while (distance[source]! < n) {
      if (u === sink) {
        let room = Number.POSITIVE_INFINITY;
        for (let i = 0; i < depth; i++) room = Math.min(room, residual[pathArc[i]!]!);
        // Back to the tail of the first arc the path filled, and on from there.
        let refill = depth;
        for (let i = 0; i < depth; i++) {
          const e = pathArc[i]!;
          residual[e]! -= room;
          residual[e ^ 1]! += room;
          if (residual[e] === 0 && refill === depth) refill = i;
        }
        total += room;
        depth = refill;
        u = depth === 0 ? source : to[pathArc[depth - 1]!]!;
        continue;
      }
      let e = cursor[u]!;
      const wanted = distance[u]! - 1;
      while (e !== -1 && (residual[e]! <= 0 || distance[to[e]!] !== wanted)) e = next[e]!;
      if (e !== -1) {
        cursor[u] = e;
        pathArc[depth++] = e;
        u = to[e]!;
        continue;
      }
      // No admissible arc: u's label rises to one above its lowest residual neighbour.
      let lowest = n - 1;
      for (let a = head[u]!; a !== -1; a = next[a]!) {
        if (residual[a]! > 0 && distance[to[a]!]! < lowest) lowest = distance[to[a]!]!;
      }
      const old = distance[u]!;
      count[old]!--;
      if (count[old] === 0) break;
      distance[u] = lowest + 1;
      count[lowest + 1]!++;
      cursor[u] = head[u]!;
      if (u !== source) u = to[pathArc[--depth]! ^ 1]!;
    }
    return total;
  }

  /** Exact distances to the sink over arcs with room; n where the sink is out of reach. */
  private labelFromSink(sink: number): void {
    const { head, next, to, residual, distance, count, queue } = this;
    const n = this.nodes;
    distance.fill(n);
    count.fill(0);
    let tail = 0;
    queue[tail++] = sink;
    distance[sink] = 0;
    for (let at = 0; at < tail; at++) {
      const v = queue[at]!;
      for (let e = head[v]!; e !== -1; e = next[e]!) {
        const u = to[e]!;
        if (distance[u] === n && residual[e ^ 1]! > 0) {
          distance[u] = distance[v]! + 1;
          queue[tail++] = u;
        }
      }
    }
    for (let u = 0; u < n; u++) count[distance[u]!]!++;
  }

  /** Units on an arc in the current flow. */
  flow(arc: number): number {
    return this.residual[2 * arc + 1]!;
  }

  /** After `solve`, whether a node is reachable from the source in the residual graph. */
  reachable(source: number): Uint8Array {
    const seen = new Uint8Array(this.nodes);
    const queue = this.queue;
    let tail = 0;
    queue[tail++] = source;
    seen[source] = 1;
    for (let headAt = 0; headAt < tail; headAt++) {
      const u = queue[headAt]!;
      for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
        const v = this.to[e]!;
        if (seen[v] === 0 && this.residual[e]! > 0) {
          seen[v] = 1;
          queue[tail++] = v;
        }
      }
    }
    return seen;
  }
}
