import { type FairShare, fairShares } from './fair-shares.ts';
import { instanceFault, type PlanningInstance } from './instance.ts';
import { ceilingOf, floorOf } from './rational.ts';
import { type ClaimBounds, type Schedule, schedule } from './schedule.ts';

/** The allocator's answer: exact fair shares, and the whole-unit schedule that honours them. */
export interface Allocation {
  shares: FairShare[];
  bounds: ClaimBounds;
  schedule: Schedule;
}

/**
 * Whole-unit bounds from exact shares: each (nation, class) pair receives between the floor and
 * the ceiling of its fair share. Which pairs get the ceiling is decided by the schedule's own
 * objectives, in order: a ceiling is taken wherever capacity allows one more unit (most units),
 * and among equally many units by least lateness, then least cost; what still ties is settled by
 * the schedule's fixed order of work (lines by due month, arcs in instance order), so the same
 * input always gives the same plan. A flow within these bounds always exists: the fractional fair flow is one,
 * and a network with whole-number bounds has a whole-number flow wherever it has any.
 */
function boundsOf(instance: PlanningInstance, shares: readonly FairShare[]): ClaimBounds {
  const claimants = instance.nations * instance.priorities;
  const lower = new Float64Array(claimants);
  const upper = new Float64Array(claimants);
  for (const share of shares) {
    const claimant = share.priority * instance.nations + share.nation;
    lower[claimant] = Number(floorOf(share.served));
    upper[claimant] = Number(ceilingOf(share.served));
  }
  return { lower, upper };
}

/** The whole lexicographic program: fair shares per class, then the whole-unit schedule. */
export function allocate(instance: PlanningInstance): Allocation {
  const fault = instanceFault(instance);
  if (fault !== undefined) throw new RangeError(fault);
  const shares = fairShares(instance);
  const bounds = boundsOf(instance, shares);
  return { shares, bounds, schedule: schedule(instance, bounds) };
}
