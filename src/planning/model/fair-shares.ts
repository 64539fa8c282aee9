// biome-ignore-all lint/style/noNonNullAssertion: indices into the typed arrays are in range by construction.
import { needs, type PlanningInstance } from './instance.ts';
import { MaxFlow } from './max-flow.ts';
import { quotientOf } from './quotient.ts';
import { type Rational, rational } from './rational.ts';

/** What one nation receives in one priority class at the fair stage, exactly. */
export interface FairShare {
  nation: number;
  priority: number;
  /** The sum of the nation's line quantities in the class. */
  need: number;
  /** Units served, a fraction in general: the share of need times the need. */
  served: Rational;
}

/**
 * Max–min fair shares between nations, class by class, by progressive filling over max-flows.
 *
 * Within a class every active nation's share of need rises together; a nation stops when no flow
 * can raise it without lowering one whose share is not higher (it sits behind a saturated cut);
 * the others go on. Earlier classes stay served exactly as their stage left them.
 *
 * The feasible vectors of served units form a polymatroid (f(A) = the max flow into the nations
 * of A), so the level at which the next nations stop is the largest t with
 *   maxflow(earlier at full need, active at t · need) = f(earlier) + t · need(active),
 * found by Newton's method on min cuts from t = 1 down: each failed t gives a cut, and the cut's
 * own breakpoint (integer) / (total need behind it) is the next t. So every t is a fraction whose
 * denominator is at most the class's total need; the max-flows run on capacities scaled by that
 * denominator, whole numbers, exact in float64 while they stay below 2^53 (checked: beyond that
 * the plan is refused rather than rounded). Because f is a polymatroid, which of the many vectors
 * with a given earlier total the earlier stages chose does not change what remains.
 */
export function fairShares(instance: PlanningInstance): FairShare[] {
  const quotient = quotientOf(instance);
  const need = needs(instance);
  const claimants = need.length;
  const sourceGroups = quotient.sourceGroupCapacity.length;
  const lineGroups = quotient.lineGroupQuantity.length;
  const SOURCE = 0;
  const SINK = 1;
  const firstSourceGroup = 2;
  const firstLineGroup = firstSourceGroup + sourceGroups;
  const firstClaimant = firstLineGroup + lineGroups;
  const network = new MaxFlow(
    firstClaimant + claimants,
    sourceGroups + quotient.arcSourceGroup.length + lineGroups + claimants,
  );
  const supplyArc = quotient.sourceGroupCapacity.map((_, g) =>
    network.addArc(SOURCE, firstSourceGroup + g, 0),
  );
  for (let a = 0; a < quotient.arcSourceGroup.length; a++) {
    network.addArc(
      firstSourceGroup + quotient.arcSourceGroup[a]!,
      firstLineGroup + quotient.arcLineGroup[a]!,
      Number.POSITIVE_INFINITY,
    );
  }
  const lineArc = quotient.lineGroupQuantity.map((_, g) =>
    network.addArc(firstLineGroup + g, firstClaimant + quotient.lineGroupClaimant[g]!, 0),
  );
  const claimArc = Array.from(need, (_, c) => network.addArc(firstClaimant + c, SINK, 0));

  const totalCapacity = quotient.sourceGroupCapacity.reduce((sum, c) => sum + c, 0);
  const totalNeed = need.reduce((sum, n) => sum + n, 0);
  const served: (Rational | undefined)[] = new Array(claimants);
  /** f(U): the units the nations already stopped receive together, a whole number. */
  let servedStopped = 0;

  for (let priority = 0; priority < instance.priorities; priority++) {
    const classOf = (claimant: number) => Math.floor(claimant / instance.nations);
    const active = new Set<number>();
    for (let c = priority * instance.nations; c < (priority + 1) * instance.nations; c++) {
      if (need[c]! > 0) active.add(c);
    }
    /** Sets capacities for t = p / q scaled by q, solves, and says whether every nation gets t. */
    const feasibleAt = (p: number, q: number): boolean => {
      if (q * (totalCapacity + totalNeed) > Number.MAX_SAFE_INTEGER) {
        throw new RangeError(
          'the plan is too large for exact fair shares: capacities times total need exceed 2^53',
        );
      }
      quotient.sourceGroupCapacity.forEach((c, g) => {
        network.setCapacity(supplyArc[g]!, c * q);
      });
      quotient.lineGroupQuantity.forEach((n, g) => {
        network.setCapacity(lineArc[g]!, n * q);
      });
      let activeNeed = 0;
      for (let c = 0; c < claimants; c++) {
        const later = classOf(c) > priority;
        const rising = active.has(c);
        if (rising) activeNeed += need[c]!;
        network.setCapacity(claimArc[c]!, later ? 0 : rising ? p * need[c]! : need[c]! * q);
      }
      return network.solve(SOURCE, SINK) === servedStopped * q + p * activeNeed;
    };
    /** The cut at the nodes reachable from the source: its whole-number part, and need behind it. */
    const cut = () => {
      const reached = network.reachable(SOURCE);
      let fixed = 0;
      quotient.sourceGroupCapacity.forEach((c, g) => {
        if (reached[firstSourceGroup + g] === 0) fixed += c;
      });
      quotient.lineGroupQuantity.forEach((n, g) => {
        const claimant = quotient.lineGroupClaimant[g]!;
        if (reached[firstLineGroup + g] === 1 && reached[firstClaimant + claimant] === 0)
          fixed += n;
      });
      const behind: number[] = [];
      for (let c = 0; c < claimants; c++) {
        if (reached[firstClaimant + c] === 0 && active.has(c)) behind.push(c);
        else if (reached[firstClaimant + c] === 1 && !active.has(c) && classOf(c) <= priority) {
          fixed += need[c]!;
        }
      }
      return { fixed, behind };
    };

    while (active.size > 0) {
      let p = 1;
      let q = 1;
      while (!feasibleAt(p, q)) {
        const { fixed, behind } = cut();
        const behindNeed = behind.reduce((sum, c) => sum + need[c]!, 0);
        const level = rational(BigInt(fixed - servedStopped), BigInt(behindNeed));
        p = Number(level.numerator);
        q = Number(level.denominator);
      }
      // At t = 1 every active nation is fully served; below, those behind the tight cut stop,
      // and that cut's whole-number part is what all stopped nations now receive together.
      const tight = p === q ? undefined : cut();
      const stopping = tight === undefined ? [...active] : tight.behind;
      if (stopping.length === 0) throw new Error('progressive filling found no nation to stop');
      for (const c of stopping) {
        served[c] = rational(BigInt(p) * BigInt(need[c]!), BigInt(q));
        active.delete(c);
      }
      servedStopped =
        tight === undefined
          ? servedStopped + stopping.reduce((sum, c) => sum + need[c]!, 0)
          : tight.fixed;
    }
  }

  const shares: FairShare[] = [];
  for (let c = 0; c < claimants; c++) {
    const share = served[c];
    if (share !== undefined) {
      shares.push({
        nation: c % instance.nations,
        priority: Math.floor(c / instance.nations),
        need: need[c]!,
        served: share,
      });
    }
  }
  return shares;
}
