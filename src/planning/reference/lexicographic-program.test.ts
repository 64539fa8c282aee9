import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomInstance } from '../../testing/planning-instance.ts';
import { allocate } from '../model/allocate.ts';
import { toNumber } from '../model/rational.ts';
import { highsSolver } from './highs-solver.ts';
import { referenceFairShares, referenceSchedule } from './lexicographic-program.ts';
import type { LpSolver } from './linear-program.ts';

let highs: LpSolver;
beforeAll(async () => {
  highs = await highsSolver();
});

describe('the network allocator against HiGHS', () => {
  it('reaches the same value at every stage of the lexicographic program', () => {
    fc.assert(
      fc.property(randomInstance, (problem) => {
        const plan = allocate(problem);
        const reference = referenceFairShares(problem, highs);
        for (const share of plan.shares) {
          const exact = toNumber(share.served);
          const solved = reference[share.priority * problem.nations + share.nation] as number;
          expect(Math.abs(solved - exact)).toBeLessThanOrEqual(1e-9 * Math.max(1, exact));
        }
        const stages = referenceSchedule(problem, plan.bounds, highs);
        expect([plan.schedule.units, plan.schedule.lateness, plan.schedule.cost]).toEqual([
          stages.units,
          stages.lateness,
          stages.cost,
        ]);
      }),
      { numRuns: 300 },
    );
  });
});
