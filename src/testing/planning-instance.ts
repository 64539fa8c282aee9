import fc from 'fast-check';
import type { PlanningInstance } from '../planning/model/instance.ts';

/**
 * Small random instances for the property tests: a few nations, classes, sources and lines, any
 * subset of source–line pairs as arcs, or
 * all of a production line's months at one price, as real options are. Zero capacities, zero quantities, no arcs at all and lines
 * nobody can serve all occur, so the degenerate cases are drawn as often as the ordinary ones.
 */
export const randomInstance: fc.Arbitrary<PlanningInstance> = fc
  .record({
    nations: fc.integer({ min: 1, max: 4 }),
    priorities: fc.integer({ min: 1, max: 3 }),
    sources: fc.array(
      fc.record({
        month: fc.integer({ min: 0, max: 5 }),
        production: fc.integer({ min: 0, max: 2 }),
        capacity: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 })),
      }),
      { maxLength: 7 },
    ),
    lines: fc.array(
      fc.record({
        nation: fc.nat(),
        priority: fc.nat(),
        quantity: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 25 })),
        due: fc.integer({ min: 0, max: 5 }),
      }),
      { maxLength: 9 },
    ),
    density: fc.double({ min: 0, max: 1, noNaN: true }),
    modes: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 27, maxLength: 27 }),
    seeds: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 63, maxLength: 63 }),
    prices: fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 63, maxLength: 63 }),
  })
  .map(({ nations, priorities, sources, lines, density, modes, seeds, prices }) => {
    const arcSource: number[] = [];
    const arcLine: number[] = [];
    const arcPrice: number[] = [];
    // Per (line, production line): no arcs, every month at one price (the usual option), or
    // a random subset of its sources at random prices.
    sources.forEach((source, s) => {
      lines.forEach((_, l) => {
        const k = s * 9 + l;
        const mode = modes[l * 3 + source.production] ?? 0;
        const price = mode === 1 ? (prices[l * 3 + source.production] ?? 0) : (prices[k] ?? 0);
        if (mode === 1 || (mode === 2 && (seeds[k] ?? 1) < density)) {
          arcSource.push(s);
          arcLine.push(l);
          arcPrice.push(price);
        }
      });
    });
    return {
      nations,
      priorities,
      sourceMonth: Int32Array.from(sources, (s) => s.month),
      sourceCapacity: Float64Array.from(sources, (s) => s.capacity),
      sourceProduction: Int32Array.from(sources, (s) => s.production),
      lineNation: Int32Array.from(lines, (l) => l.nation % nations),
      linePriority: Int32Array.from(lines, (l) => l.priority % priorities),
      lineQuantity: Float64Array.from(lines, (l) => l.quantity),
      lineDue: Int32Array.from(lines, (l) => l.due),
      arcSource: Int32Array.from(arcSource),
      arcLine: Int32Array.from(arcLine),
      arcPrice: Float64Array.from(arcPrice),
    };
  });
