// biome-ignore-all lint/style/noNonNullAssertion: indices into the typed arrays are in range by construction, and this is the allocator's hot loop.

const STATE_UPPER = -1;
const STATE_TREE = 0;
const STATE_LOWER = 1;
const DIR_UP = 1;
const DIR_DOWN = -1;

/** The arcs of a min-cost flow problem with lower and upper bounds and node supplies. */
export interface FlowNetwork {
  nodes: number;
  from: Int32Array;
  to: Int32Array;
  lower: Float64Array;
  upper: Float64Array;
  /** Net supply per node (negative: demand); sums to zero. */
  supply: Float64Array;
  /**
   * A feasible flow to start from, when the caller has one (per arc, lower bound included): the
   * simplex makes a basis of it (see `basisOf`) and starts there instead of from artificial arcs.
   */
  flow?: Float64Array;
}

/**
 * The primal network simplex method on a spanning tree kept as parent, thread and successor lists
 * (the data structures of LEMON's NetworkSimplex, with block-search pricing), over whole numbers
 * held in float64, exact below 2^53.
 *
 * Lexicographic objectives are solved in sequence on one basis: after `minimise(cost)`, `pin()`
 * fixes every non-tree arc whose reduced cost is not zero at its bound — by complementary slackness
 * the flows left free are exactly the optimal ones of that objective — and the next `minimise`
 * starts from the same tree, which is still feasible and usually near-optimal.
 */
export class NetworkSimplex {
  private readonly nodeCount: number;
  private readonly arcCount: number;
  private readonly root: number;
  private readonly source: Int32Array;
  private readonly target: Int32Array;
  private readonly lowerBound: Float64Array;
  private readonly cap: Float64Array;
  private readonly cost: Float64Array;
  private readonly flowOf: Float64Array;
  private readonly state: Int8Array;
  private readonly pi: Float64Array;
  private readonly parent: Int32Array;
  private readonly pred: Int32Array;
  private readonly predDir: Int8Array;
  private readonly thread: Int32Array;
  private readonly revThread: Int32Array;
  private readonly succNum: Int32Array;
  private readonly lastSucc: Int32Array;
  private readonly dirtyRevs: Int32Array;
  private readonly blockSize: number;
  private nextArc = 0;
  private inArc = 0;
  private join = 0;
  private uIn = 0;
  private vIn = 0;
  private uOut = 0;
  private delta = 0;
  /** Pivots made so far, over all objectives. */
  pivots = 0;

  constructor(network: FlowNetwork) {
    const n = network.nodes;
    const m = network.from.length;
    this.nodeCount = n;
    this.arcCount = m;
    this.root = n;
    const all = m + n;
    this.source = new Int32Array(all);
    this.target = new Int32Array(all);
    this.lowerBound = new Float64Array(m);
    this.cap = new Float64Array(all);
    this.cost = new Float64Array(all);
    this.flowOf = new Float64Array(all);
    this.state = new Int8Array(all);
    this.pi = new Float64Array(n + 1);
    this.parent = new Int32Array(n + 1);
    this.pred = new Int32Array(n + 1);
    this.predDir = new Int8Array(n + 1);
    this.thread = new Int32Array(n + 1);
    this.revThread = new Int32Array(n + 1);
    this.succNum = new Int32Array(n + 1);
    this.lastSucc = new Int32Array(n + 1);
    this.dirtyRevs = new Int32Array(n + 1);
    this.blockSize = Math.max(Math.ceil(Math.sqrt(m)), 10);

    // Lower bounds move into the supplies: flow = lower + what the simplex sees.
    const supply = Float64Array.from(network.supply);
    for (let e = 0; e < m; e++) {
      const u = network.from[e]!;
      const v = network.to[e]!;
      const low = network.lower[e]!;
      this.source[e] = u;
      this.target[e] = v;
      this.lowerBound[e] = low;
      this.cap[e] = network.upper[e]! - low;
      if (this.cap[e]! < 0) throw new RangeError(`arc ${e} has its upper bound below its lower`);
      supply[u]! -= low;
      supply[v]! += low;
      this.state[e] = STATE_LOWER;
    }
    // Without a flow, the starting tree of LEMON: every node hangs from an artificial root by an
    // artificial arc that carries its supply; a big cost on those arcs drives their flow to zero
    // when the problem is feasible.
    const tree =
      network.flow === undefined
        ? new Int32Array(n).fill(-1)
        : this.basisOf(network.flow, network.lower, supply);
    this.hangTree(tree, supply);
  }

  /**
   * A basis holding a feasible flow. The arcs strictly between their bounds may close cycles; a
   * depth-first search over them pushes flow round each cycle it meets until one of its arcs
   * reaches a bound (which leaves the flow feasible, and every objective's value at the start is
   * what the simplex improves on anyway), so the free arcs become a forest: the search's own
   * tree. Every other arc sits at a bound; each of the forest's roots hangs from the artificial
   * root by an arc carrying nothing. Returns the tree as `hangTree` takes it, with the arcs at
   * their upper bound marked and their flow moved into `supply`.
   */
  private basisOf(given: Float64Array, lower: Float64Array, supply: Float64Array): Int32Array {
    const n = this.nodeCount;
    const m = this.arcCount;
    const { source, target, cap, flowOf } = this;
    for (let e = 0; e < m; e++) {
      const f = given[e]! - lower[e]!;
      if (!(f >= 0 && f <= cap[e]!)) throw new RangeError(`the starting flow breaks arc ${e}`);
      flowOf[e] = f;
    }
    const free = (e: number) => flowOf[e]! > 0 && flowOf[e]! < cap[e]!;
    // The free arcs at each node.
    const start = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) {
      if (!free(e)) continue;
      start[source[e]! + 1]!++;
      start[target[e]! + 1]!++;
    }
    for (let u = 0; u < n; u++) start[u + 1]! += start[u]!;
    const adjacent = new Int32Array(start[n]!);
    const fill = start.slice(0, n);
    for (let e = 0; e < m; e++) {
      if (!free(e)) continue;
      adjacent[fill[source[e]!]!++] = e;
      adjacent[fill[target[e]!]!++] = e;
    }
    const ON_STACK = 1;
    const DONE = 2;
    const mark = new Int8Array(n);
    const tree = new Int32Array(n).fill(-1);
    const cursor = start.slice(0, n);
    const stack = new Int32Array(n);
    const depth = new Int32Array(n);
    // Nodes in the order the search reached them: a node's descendants come after it.
    const reached = new Int32Array(n);
    const reachedAt = new Int32Array(n);
    let reachedCount = 0;
    let top = 0;
    const enter = (u: number, arc: number) => {
      mark[u] = ON_STACK;
      tree[u] = arc;
      cursor[u] = start[u]!;
      depth[u] = top;
      stack[top++] = u;
      reachedAt[u] = reachedCount;
      reached[reachedCount++] = u;
    };
    // Roots to search from: every node in turn, and any node a broken stack gave back.
    const again: number[] = [];
    for (let next = 0; ; ) {
      const root = again.length > 0 ? again.pop()! : next < n ? next++ : -1;
      if (root === -1) break;
      if (mark[root] !== 0) continue;
      enter(root, -1);
      while (top > 0) {
        const u = stack[top - 1]!;
        if (cursor[u] === start[u + 1]) {
          mark[u] = DONE;
          top--;
          continue;
        }
        const e = adjacent[cursor[u]!++]!;
        if (e === tree[u] || !free(e)) continue;
        const v = source[e] === u ? target[e]! : source[e]!;
        if (mark[v] === 0) {
          enter(v, e);
          continue;
        }
        // A finished descendant met this arc from its side, and the cycle then closed it.
        if (mark[v] === DONE) continue;
        // v is on the stack: the cycle runs down the stack from v to u, then back along e. Flow
        // goes round it whichever way has finite room (one way does: every flow is finite).
        let ahead = source[e] === u ? cap[e]! - flowOf[e]! : flowOf[e]!;
        let back = source[e] === u ? flowOf[e]! : cap[e]! - flowOf[e]!;
        for (let i = depth[v]! + 1; i <= depth[u]!; i++) {
          const w = stack[i]!;
          const a = tree[w]!;
          const forward = target[a] === w;
          ahead = Math.min(ahead, forward ? cap[a]! - flowOf[a]! : flowOf[a]!);
          back = Math.min(back, forward ? flowOf[a]! : cap[a]! - flowOf[a]!);
        }
        const room = ahead === Number.POSITIVE_INFINITY ? -back : ahead;
        flowOf[e]! += source[e] === u ? room : -room;
        let cut = -1;
        for (let i = depth[v]! + 1; i <= depth[u]!; i++) {
          const w = stack[i]!;
          const a = tree[w]!;
          flowOf[a]! += target[a] === w ? room : -room;
          if (cut === -1 && !free(a)) cut = i;
        }
        if (cut === -1) continue;
        // The stack broke below stack[cut]: it and everything reached since are searched again.
        const from = reachedAt[stack[cut]!]!;
        for (let k = from; k < reachedCount; k++) {
          mark[reached[k]!] = 0;
          again.push(reached[k]!);
        }
        reachedCount = from;
        top = cut;
      }
    }
    for (let e = 0; e < m; e++) {
      if (flowOf[e] === 0 || free(e)) continue;
      this.state[e] = STATE_UPPER;
      supply[source[e]!]! -= flowOf[e]!;
      supply[target[e]!]! += flowOf[e]!;
    }
    return tree;
  }

  /** Builds the thread, successor lists and flows of a given spanning tree. */
  private hangTree(tree: Int32Array, supply: Float64Array): void {
    const n = this.nodeCount;
    const m = this.arcCount;
    const root = this.root;
    const parentOf = (u: number) => {
      const e = tree[u]!;
      if (e === -1) return root;
      return this.source[e] === u ? this.target[e]! : this.source[e]!;
    };
    // Children lists, then a preorder from the root: the thread.
    const childStart = new Int32Array(n + 2);
    for (let u = 0; u < n; u++) childStart[parentOf(u) + 1]!++;
    for (let u = 0; u <= n; u++) childStart[u + 1]! += childStart[u]!;
    const fill = childStart.slice(0, n + 1);
    const children = new Int32Array(n);
    for (let u = 0; u < n; u++) children[fill[parentOf(u)]!++] = u;
    const order = new Int32Array(n + 1);
    const stack = new Int32Array(n + 1);
    let top = 0;
    let at = 0;
    stack[top++] = root;
    while (top > 0) {
      const u = stack[--top]!;
      order[at++] = u;
      for (let k = childStart[u + 1]! - 1; k >= childStart[u]!; k--) stack[top++] = children[k]!;
    }
    if (at !== n + 1) throw new RangeError('the starting tree does not span the network');
    for (let i = 0; i <= n; i++) {
      const u = order[i]!;
      const next = order[(i + 1) % (n + 1)]!;
      this.thread[u] = next;
      this.revThread[next] = u;
    }
    const net = Float64Array.from(supply);
    net[root] = 0;
    this.succNum.fill(1);
    for (let i = n; i >= 1; i--) {
      const u = order[i]!;
      const p = parentOf(u);
      this.succNum[p]! += this.succNum[u]!;
      net[p]! += net[u]!;
    }
    for (let i = 0; i <= n; i++) {
      const u = order[i]!;
      this.lastSucc[u] = order[i + this.succNum[u]! - 1]!;
    }
    this.parent[root] = -1;
    this.pred[root] = -1;
    for (let u = 0, e = m; u < n; u++, e++) {
      this.parent[u] = parentOf(u);
      this.cap[e] = Number.POSITIVE_INFINITY;
      const own = tree[u]!;
      if (own === -1) {
        this.pred[u] = e;
        this.state[e] = STATE_TREE;
        if (net[u]! >= 0) {
          this.predDir[u] = DIR_UP;
          this.source[e] = u;
          this.target[e] = root;
          this.flowOf[e] = net[u]!;
        } else {
          this.predDir[u] = DIR_DOWN;
          this.source[e] = root;
          this.target[e] = u;
          this.flowOf[e] = -net[u]!;
        }
        continue;
      }
      // An artificial arc left out of the tree: never priced, so it never enters.
      this.source[e] = u;
      this.target[e] = root;
      this.state[e] = STATE_LOWER;
      this.pred[u] = own;
      this.state[own] = STATE_TREE;
      const up = this.source[own] === u;
      this.predDir[u] = up ? DIR_UP : DIR_DOWN;
      const flow = up ? net[u]! : -net[u]!;
      if (flow < 0 || flow > this.cap[own]!) {
        throw new RangeError(`the starting tree puts ${flow} units on arc ${own}`);
      }
      this.flowOf[own] = flow;
    }
  }

  /**
   * Minimises `cost` (one whole number per arc) over the flows still free, from the current
   * basis; false when no feasible flow exists.
   */
  minimise(cost: Float64Array): boolean {
    const m = this.arcCount;
    let largest = 0;
    for (let e = 0; e < m; e++) {
      const c = cost[e]!;
      this.cost[e] = c;
      if (c > largest) largest = c;
      else if (-c > largest) largest = -c;
    }
    // Any path through an artificial arc must cost more than any path without one.
    const artificial = (largest + 1) * (this.nodeCount + 1);
    for (let e = m; e < m + this.nodeCount; e++) {
      this.cost[e] = this.source[e] === this.root ? artificial : 0;
    }
    this.computePotentials();
    while (this.findEnteringArc()) {
      this.findJoinNode();
      const change = this.findLeavingArc();
      if (this.delta === Number.POSITIVE_INFINITY) throw new Error('unbounded min-cost flow');
      this.changeFlow(change);
      if (change) {
        this.updateTreeStructure();
        this.updatePotential();
      }
      this.pivots++;
    }
    for (let e = m; e < m + this.nodeCount; e++) if (this.flowOf[e]! > 0) return false;
    return true;
  }

  /** Fixes at their bounds the arcs that no optimal flow of the last objective moves. */
  pin(): void {
    for (let e = 0; e < this.arcCount; e++) {
      if (this.state[e] === STATE_TREE) continue;
      const reduced = this.cost[e]! + this.pi[this.source[e]!]! - this.pi[this.target[e]!]!;
      if (reduced !== 0) this.state[e] = STATE_TREE;
    }
  }

  /** The flow on an arc, lower bound included. */
  flow(arc: number): number {
    return this.lowerBound[arc]! + this.flowOf[arc]!;
  }

  /** A node's potential under the last objective: the marginal cost of a unit more supply there. */
  potential(node: number): number {
    return this.pi[node]!;
  }

  private computePotentials(): void {
    const { thread, parent, pred, predDir, cost, pi, root } = this;
    pi[root] = 0;
    for (let u = thread[root]!; u !== root; u = thread[u]!) {
      const e = pred[u]!;
      pi[u] = pi[parent[u]!]! + (predDir[u] === DIR_UP ? -cost[e]! : cost[e]!);
    }
  }

  private findEnteringArc(): boolean {
    const { state, cost, pi, source, target } = this;
    const m = this.arcCount;
    let min = 0;
    let count = this.blockSize;
    let e = this.nextArc;
    for (let scanned = 0; scanned < m; scanned++) {
      const s = state[e]!;
      if (s !== 0) {
        const c = s * (cost[e]! + pi[source[e]!]! - pi[target[e]!]!);
        if (c < min) {
          min = c;
          this.inArc = e;
        }
      }
      if (++e === m) e = 0;
      if (--count === 0) {
        if (min < 0) break;
        count = this.blockSize;
      }
    }
    if (min >= 0) return false;
    this.nextArc = e;
    return true;
  }

  private findJoinNode(): void {
    let u = this.source[this.inArc]!;
    let v = this.target[this.inArc]!;
    const { succNum, parent } = this;
    while (u !== v) {
      if (succNum[u]! < succNum[v]!) u = parent[u]!;
      else v = parent[v]!;
    }
    this.join = u;
  }

  private findLeavingArc(): boolean {
    const inArc = this.inArc;
    let first: number;
    let second: number;
    if (this.state[inArc] === STATE_LOWER) {
      first = this.source[inArc]!;
      second = this.target[inArc]!;
    } else {
      first = this.target[inArc]!;
      second = this.source[inArc]!;
    }
    const { pred, predDir, flowOf, cap, parent } = this;
    const join = this.join;
    let delta = cap[inArc]!;
    let result = 0;
    for (let u = first; u !== join; u = parent[u]!) {
      const e = pred[u]!;
      const d = predDir[u] === DIR_DOWN ? cap[e]! - flowOf[e]! : flowOf[e]!;
      if (d < delta) {
        delta = d;
        this.uOut = u;
        result = 1;
      }
    }
    for (let u = second; u !== join; u = parent[u]!) {
      const e = pred[u]!;
      const d = predDir[u] === DIR_UP ? cap[e]! - flowOf[e]! : flowOf[e]!;
      if (d <= delta) {
        delta = d;
        this.uOut = u;
        result = 2;
      }
    }
    this.delta = delta;
    if (result === 1) {
      this.uIn = first;
      this.vIn = second;
    } else {
      this.uIn = second;
      this.vIn = first;
    }
    return result !== 0;
  }

  private changeFlow(change: boolean): void {
    const { flowOf, pred, predDir, parent, state } = this;
    const inArc = this.inArc;
    const join = this.join;
    if (this.delta > 0) {
      const val = state[inArc]! * this.delta;
      flowOf[inArc]! += val;
      for (let u = this.source[inArc]!; u !== join; u = parent[u]!) {
        flowOf[pred[u]!]! -= predDir[u]! * val;
      }
      for (let u = this.target[inArc]!; u !== join; u = parent[u]!) {
        flowOf[pred[u]!]! += predDir[u]! * val;
      }
    }
    if (change) {
      state[inArc] = STATE_TREE;
      const out = pred[this.uOut]!;
      state[out] = flowOf[out] === 0 ? STATE_LOWER : STATE_UPPER;
    } else {
      state[inArc] = -state[inArc]! as -1 | 1;
    }
  }

  private updateTreeStructure(): void {
    const { parent, pred, predDir, thread, revThread, succNum, lastSucc, dirtyRevs } = this;
    const uIn = this.uIn;
    const vIn = this.vIn;
    const uOut = this.uOut;
    const join = this.join;
    const inArc = this.inArc;
    const oldRevThread = revThread[uOut]!;
    const oldSuccNum = succNum[uOut]!;
    const oldLastSucc = lastSucc[uOut]!;
    const vOut = parent[uOut]!;

    if (uIn === uOut) {
      parent[uIn] = vIn;
      pred[uIn] = inArc;
      predDir[uIn] = uIn === this.source[inArc] ? DIR_UP : DIR_DOWN;
      if (thread[vIn] !== uOut) {
        let after = thread[oldLastSucc]!;
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
        after = thread[vIn]!;
        thread[vIn] = uOut;
        revThread[uOut] = vIn;
        thread[oldLastSucc] = after;
        revThread[after] = oldLastSucc;
      }
    } else {
      const threadContinue = oldRevThread === vIn ? thread[oldLastSucc]! : thread[vIn]!;
      let stem = uIn;
      let parStem = vIn;
      let last = lastSucc[uIn]!;
      let after = thread[last]!;
      thread[vIn] = uIn;
      let dirty = 0;
      dirtyRevs[dirty++] = vIn;
      while (stem !== uOut) {
        const nextStem = parent[stem]!;
        thread[last] = nextStem;
        dirtyRevs[dirty++] = last;
        const before = revThread[stem]!;
        thread[before] = after;
        revThread[after] = before;
        parent[stem] = parStem;
        parStem = stem;
        stem = nextStem;
        last = lastSucc[stem] === lastSucc[parStem] ? revThread[parStem]! : lastSucc[stem]!;
        after = thread[last]!;
      }
      parent[uOut] = parStem;
      thread[last] = threadContinue;
      revThread[threadContinue] = last;
      lastSucc[uOut] = last;
      if (oldRevThread !== vIn) {
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
      }
      for (let i = 0; i < dirty; i++) {
        const u = dirtyRevs[i]!;
        revThread[thread[u]!] = u;
      }
      let tmpSc = 0;
      const tmpLs = lastSucc[uOut]!;
      for (let u = uOut, p = parent[u]!; u !== uIn; u = p, p = parent[u]!) {
        pred[u] = pred[p]!;
        predDir[u] = -predDir[p]!;
        tmpSc += succNum[u]! - succNum[p]!;
        succNum[u] = tmpSc;
        lastSucc[p] = tmpLs;
      }
      pred[uIn] = inArc;
      predDir[uIn] = uIn === this.source[inArc] ? DIR_UP : DIR_DOWN;
      succNum[uIn] = oldSuccNum;
    }

    const upLimitOut = lastSucc[join] === vIn ? join : -1;
    const lastSuccOut = lastSucc[uOut]!;
    for (let u = vIn; u !== -1 && lastSucc[u] === vIn; u = parent[u]!) {
      lastSucc[u] = lastSuccOut;
    }
    if (join !== oldRevThread && vIn !== oldRevThread) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]!) {
        lastSucc[u] = oldRevThread;
      }
    } else if (lastSuccOut !== oldLastSucc) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]!) {
        lastSucc[u] = lastSuccOut;
      }
    }
    for (let u = vIn; u !== join; u = parent[u]!) succNum[u]! += oldSuccNum;
    for (let u = vOut; u !== join; u = parent[u]!) succNum[u]! -= oldSuccNum;
  }

  /**
   * Shifts the potentials of the subtree just re-hung at u_in, or, when that subtree holds most of
   * the tree, the rest of the tree the other way: only differences of potentials matter.
   */
  private updatePotential(): void {
    const { pi, thread, lastSucc, succNum } = this;
    const uIn = this.uIn;
    const sigma = pi[this.vIn]! - pi[uIn]! - this.predDir[uIn]! * this.cost[this.inArc]!;
    const end = thread[lastSucc[uIn]!]!;
    if (2 * succNum[uIn]! <= this.nodeCount + 1) {
      for (let u = uIn; u !== end; u = thread[u]!) pi[u]! += sigma;
    } else {
      for (let u = end; u !== uIn; u = thread[u]!) pi[u]! -= sigma;
    }
  }
}
