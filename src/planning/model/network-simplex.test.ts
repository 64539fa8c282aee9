import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FlowNetwork, NetworkSimplex } from './network-simplex.ts';

/** A random network with a feasible flow on it: supplies are that flow's net outflow per node. */
const networkWithFlow = fc
  .record({
    nodes: fc.integer({ min: 1, max: 7 }),
    arcs: fc.array(
      fc.record({
        from: fc.nat(),
        to: fc.nat(),
        lower: fc.integer({ min: 0, max: 4 }),
        room: fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constant(Number.POSITIVE_INFINITY)),
        flow: fc.integer({ min: 0, max: 12 }),
        cost: fc.integer({ min: -6, max: 9 }),
      }),
      { maxLength: 24 },
    ),
  })
  .map(({ nodes, arcs }) => {
    const from = Int32Array.from(arcs, (a) => a.from % nodes);
    const to = Int32Array.from(arcs, (a) => a.to % nodes);
    const lower = Float64Array.from(arcs, (a) => a.lower);
    const upper = Float64Array.from(arcs, (a) => a.lower + a.room);
    const flow = Float64Array.from(arcs, (a) => a.lower + Math.min(a.room, a.flow));
    // An arc without an upper bound costs nothing or more, so no cycle is unbounded below.
    const cost = Float64Array.from(arcs, (a) =>
      a.room === Number.POSITIVE_INFINITY ? Math.abs(a.cost) : a.cost,
    );
    const supply = new Float64Array(nodes);
    arcs.forEach((_, e) => {
      supply[from[e] as number] = (supply[from[e] as number] as number) + (flow[e] as number);
      supply[to[e] as number] = (supply[to[e] as number] as number) - (flow[e] as number);
    });
    const network: FlowNetwork = { nodes, from, to, lower, upper, supply };
    return { network, flow, cost };
  });

function solved(network: FlowNetwork, cost: Float64Array) {
  const solver = new NetworkSimplex(network);
  const feasible = solver.minimise(cost);
  const flow = Float64Array.from(cost, (_, e) => solver.flow(e));
  return { feasible, flow, total: flow.reduce((sum, f, e) => sum + f * (cost[e] as number), 0) };
}

describe('the network simplex', () => {
  it('reaches the same optimum from a given feasible flow as from artificial arcs', () => {
    fc.assert(
      fc.property(networkWithFlow, ({ network, flow, cost }) => {
        const cold = solved(network, cost);
        const warm = solved({ ...network, flow }, cost);
        expect(cold.feasible && warm.feasible).toBe(true);
        expect(warm.total).toBe(cold.total);
        const net = new Float64Array(network.nodes);
        warm.flow.forEach((f, e) => {
          expect(f).toBeGreaterThanOrEqual(network.lower[e] as number);
          expect(f).toBeLessThanOrEqual(network.upper[e] as number);
          net[network.from[e] as number] = (net[network.from[e] as number] as number) + f;
          net[network.to[e] as number] = (net[network.to[e] as number] as number) - f;
        });
        expect(Array.from(net)).toEqual(Array.from(network.supply));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a starting flow outside an arc’s bounds', () => {
    const network: FlowNetwork = {
      nodes: 2,
      from: Int32Array.of(0),
      to: Int32Array.of(1),
      lower: Float64Array.of(0),
      upper: Float64Array.of(3),
      supply: Float64Array.of(5, -5),
      flow: Float64Array.of(5),
    };
    expect(() => new NetworkSimplex(network)).toThrow('the starting flow breaks arc 0');
  });
});
