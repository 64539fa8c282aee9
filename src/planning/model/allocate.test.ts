import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomInstance } from '../../testing/planning-instance.ts';
import { allocate } from './allocate.ts';
import { claimantOf, type PlanningInstance } from './instance.ts';
import { ceilingOf, floorOf, toNumber } from './rational.ts';

function instance(parts: Partial<PlanningInstance>): PlanningInstance {
  return {
    nations: 1,
    priorities: 1,
    sourceMonth: new Int32Array(),
    sourceCapacity: new Float64Array(),
    sourceProduction: new Int32Array(),
    lineNation: new Int32Array(),
    linePriority: new Int32Array(),
    lineQuantity: new Float64Array(),
    lineDue: new Int32Array(),
    arcSource: new Int32Array(),
    arcLine: new Int32Array(),
    arcPrice: new Float64Array(),
    ...parts,
  };
}

function add(totals: Float64Array, at: number, units: number): void {
  totals[at] = (totals[at] ?? 0) + units;
}

describe('the allocator', () => {
  it('shares 7 units between two nations needing 5 each as 3.5 each, 4 and 3 in whole units', () => {
    const plan = allocate(
      instance({
        nations: 2,
        sourceMonth: Int32Array.of(0, 1),
        sourceCapacity: Float64Array.of(4, 3),
        sourceProduction: Int32Array.of(0, 0),
        lineNation: Int32Array.of(0, 1),
        linePriority: Int32Array.of(0, 0),
        lineQuantity: Float64Array.of(5, 5),
        lineDue: Int32Array.of(0, 0),
        arcSource: Int32Array.of(0, 0, 1, 1),
        arcLine: Int32Array.of(0, 1, 0, 1),
        arcPrice: Float64Array.of(10, 12, 9, 11),
      }),
    );
    expect(plan.shares.map((s) => toNumber(s.served))).toEqual([3.5, 3.5]);
    expect(plan.schedule.units).toBe(7);
    // Month-1 production is one month late for either line: three units of it go somewhere.
    expect(plan.schedule.lateness).toBe(3);
    expect(plan.schedule.cost).toBe(73);
  });

  it('serves the first class before the second, whatever the second needs', () => {
    const plan = allocate(
      instance({
        nations: 2,
        priorities: 2,
        sourceMonth: Int32Array.of(0),
        sourceCapacity: Float64Array.of(10),
        sourceProduction: Int32Array.of(0),
        lineNation: Int32Array.of(0, 1),
        linePriority: Int32Array.of(1, 0),
        lineQuantity: Float64Array.of(100, 8),
        lineDue: Int32Array.of(0, 0),
        arcSource: Int32Array.of(0, 0),
        arcLine: Int32Array.of(0, 1),
        arcPrice: Float64Array.of(1, 1),
      }),
    );
    const served = Object.fromEntries(
      plan.shares.map((s) => [`${s.nation}/${s.priority}`, toNumber(s.served)]),
    );
    expect(served).toEqual({ '1/0': 8, '0/1': 2 });
  });

  it('never exceeds a capacity, over-delivers a line or leaves a nation a unit from its share', () => {
    fc.assert(
      fc.property(randomInstance, (problem) => {
        const plan = allocate(problem);
        const fromSource = new Float64Array(problem.sourceCapacity.length);
        const toLine = new Float64Array(problem.lineQuantity.length);
        const toClaimant = new Float64Array(problem.nations * problem.priorities);
        plan.schedule.flow.forEach((units, arc) => {
          expect(Number.isInteger(units) && units >= 0).toBe(true);
          const line = problem.arcLine[arc] as number;
          add(fromSource, problem.arcSource[arc] as number, units);
          add(toLine, line, units);
          add(toClaimant, claimantOf(problem, line), units);
        });
        fromSource.forEach((used, s) => {
          expect(used).toBeLessThanOrEqual(problem.sourceCapacity[s] as number);
        });
        toLine.forEach((got, l) => {
          expect(got).toBeLessThanOrEqual(problem.lineQuantity[l] as number);
        });
        for (const share of plan.shares) {
          const got = toClaimant[share.priority * problem.nations + share.nation] as number;
          expect(got).toBeGreaterThanOrEqual(Number(floorOf(share.served)));
          expect(got).toBeLessThanOrEqual(Number(ceilingOf(share.served)));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('an instance the allocator refuses', () => {
  it('names the fault: an arc to a line that does not exist', () => {
    const broken = instance({
      sourceMonth: Int32Array.of(0),
      sourceCapacity: Float64Array.of(1),
      sourceProduction: Int32Array.of(0),
      arcSource: Int32Array.of(0),
      arcLine: Int32Array.of(3),
      arcPrice: Float64Array.of(1),
    });
    expect(() => allocate(broken)).toThrow('arc 0 joins no source and line');
  });
});
