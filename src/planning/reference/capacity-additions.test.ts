import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomInstance } from '../../testing/planning-instance.ts';
import { allocate } from '../model/allocate.ts';
import { capacityAdditions } from '../model/capacity-additions.ts';
import { monthsLate } from '../model/instance.ts';
import { referenceCapacityAdditions } from './capacity-additions.ts';
import { highsSolver } from './highs-solver.ts';
import type { LpSolver } from './linear-program.ts';

let highs: LpSolver;
beforeAll(async () => {
  highs = await highsSolver();
});

describe('the smallest capacity additions against HiGHS', () => {
  it('add as few units as HiGHS finds, with prices that prove it', () => {
    fc.assert(
      fc.property(randomInstance, fc.nat(), (problem, drawn) => {
        const { schedule } = allocate(problem);
        const priority = drawn % problem.priorities;
        const found = capacityAdditions(problem, schedule.flow, priority);
        expect(found.total).toBe(
          referenceCapacityAdditions(problem, schedule.flow, priority, highs),
        );
        // Dual feasibility: 0 ≤ w_s ≤ 1, and v_l ≤ w_s on every on-time arc of the class.
        for (const w of found.capacityPrice) {
          expect(w).toBeGreaterThanOrEqual(0);
          expect(w).toBeLessThanOrEqual(1);
        }
        problem.arcSource.forEach((s, a) => {
          const line = problem.arcLine[a] as number;
          if (problem.linePriority[line] !== priority || monthsLate(problem, a) > 0) return;
          expect(found.needPrice[line]).toBeLessThanOrEqual(found.capacityPrice[s] as number);
        });
        // Complementary slackness on the additions, and strong duality: the dual's value is the
        // primal's, so both are optimal.
        for (const addition of found.additions) expect(addition.price).toBe(1);
        let dual = 0;
        found.needPrice.forEach((v, line) => {
          dual += v * (problem.lineQuantity[line] as number);
        });
        found.capacityPrice.forEach((w, s) => {
          dual -= w * (found.available[s] as number);
        });
        expect(dual).toBe(found.total);
      }),
      { numRuns: 300 },
    );
  });
});
