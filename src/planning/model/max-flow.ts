// biome-ignore-all lint/style/noNonNullAssertion: indices into the typed arrays are in range by construction, and this is the inner loop of the fairness stages.

/**
 * Dinic's maximum flow over float64 capacities that hold whole numbers below 2^53 (or Infinity),
 * so every sum and difference it forms is exact. Built once per graph; capacities are set again
 * and the flow solved from zero for each query, which on the small quotient graph of the fairness
 * stages costs well under a millisecond.
 */
export class MaxFlow {
  private readonly head: Int32Array;
  private readonly next: Int32Array;
  private readonly to: Int32Array;
  /** Residual capacity; arc 2k is forward, 2k + 1 its reverse. */
  private readonly residual: Float64Array;
  private readonly capacity: Float64Array;
  private readonly level: Int32Array;
  private readonly cursor: Int32Array;
  private readonly queue: Int32Array;
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
    this.level = new Int32Array(nodes);
    this.cursor = new Int32Array(nodes);
    this.queue = new Int32Array(nodes);
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

  /** The maximum flow from `source` to `sink` under the current capacities. */
  solve(source: number, sink: number): number {
    for (let k = 0; k < this.arcs; k++) {
      this.residual[2 * k] = this.capacity[k]!;
      this.residual[2 * k + 1] = 0;
    }
    let total = 0;
    while (this.layer(source, sink)) {
      this.cursor.set(this.head);
      total += this.augment(source, sink, Number.POSITIVE_INFINITY);
    }
    return total;
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

  private layer(source: number, sink: number): boolean {
    this.level.fill(-1);
    const queue = this.queue;
    let tail = 0;
    queue[tail++] = source;
    this.level[source] = 0;
    for (let headAt = 0; headAt < tail; headAt++) {
      const u = queue[headAt]!;
      for (let e = this.head[u]!; e !== -1; e = this.next[e]!) {
        const v = this.to[e]!;
        if (this.level[v] === -1 && this.residual[e]! > 0) {
          this.level[v] = this.level[u]! + 1;
          queue[tail++] = v;
        }
      }
    }
    return this.level[sink] !== -1;
  }

  /** Pushes up to `limit` from u along the level graph, as many paths as it takes (a blocking flow). */
  private augment(u: number, sink: number, limit: number): number {
    if (u === sink) return limit;
    let total = 0;
    for (let e = this.cursor[u]!; e !== -1; e = this.next[e]!, this.cursor[u] = e) {
      const v = this.to[e]!;
      const room = this.residual[e]!;
      if (room > 0 && this.level[v] === this.level[u]! + 1) {
        const pushed = this.augment(v, sink, Math.min(room, limit - total));
        if (pushed > 0) {
          this.residual[e] = room - pushed;
          this.residual[e ^ 1] = this.residual[e ^ 1]! + pushed;
          total += pushed;
          if (total === limit) return total;
        }
      }
    }
    return total;
  }
}
