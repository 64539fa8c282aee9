// biome-ignore-all lint/style/noNonNullAssertion: indices into the typed arrays are in range by construction.
import type { Compaction } from './compaction.ts';
import { claimantOf, type PlanningInstance } from './instance.ts';

/** Where the grouped arcs, the lines' arcs and the claim arcs sit in the schedule's network. */
export interface StartLayout {
  firstGroupArc: number;
  /** The arc from line l to its (nation, class) node: firstLineArc + l. */
  firstLineArc: number;
  firstClaimArc: number;
}

/**
 * A first flow for the most-units stage that is already nearly on time: lines in order of due
 * month take, through their grouped options, what each production line has made by that month
 * and not yet given, up to the line's quantity and its (nation, class) pair's lower bound. The
 * maximum flow goes on from it; the choices it makes are the ones the lateness stage would make
 * most of the time, so the simplex has little left to move. Returns flows per network arc (zero
 * on the arcs it leaves alone: chains, feeds, spares and the served arc).
 */
export function onTimeStart(
  instance: PlanningInstance,
  groups: Compaction,
  /** Each (nation, class) pair's lower bound on served units. */
  lower: Float64Array,
  layout: StartLayout,
  arcs: number,
): Float64Array {
  const flow = new Float64Array(arcs);
  const productions = groups.productionFirstMonth.length;
  // Per production line, what it makes up to each of its months (from its first).
  const madeStart = new Int32Array(productions + 1);
  for (let p = 0; p < productions; p++) {
    const span = Math.max(0, groups.productionLastMonth[p]! - groups.productionFirstMonth[p]! + 1);
    madeStart[p + 1] = madeStart[p]! + span;
  }
  const madeBy = new Float64Array(madeStart[productions]!);
  for (let p = 0; p < productions; p++) {
    for (let k = groups.productionStart[p]!; k < groups.productionStart[p + 1]!; k++) {
      const s = groups.productionSources[k]!;
      const at = madeStart[p]! + instance.sourceMonth[s]! - groups.productionFirstMonth[p]!;
      madeBy[at]! += instance.sourceCapacity[s]!;
    }
    for (let at = madeStart[p]! + 1; at < madeStart[p + 1]!; at++) madeBy[at]! += madeBy[at - 1]!;
  }
  const given = new Float64Array(productions);
  const owed = Float64Array.from(lower);
  const lines = instance.lineQuantity.length;
  const groupsOfLine = new Int32Array(lines + 1);
  for (const line of groups.groupLine) groupsOfLine[line + 1]!++;
  for (let l = 0; l < lines; l++) groupsOfLine[l + 1]! += groupsOfLine[l]!;
  const fill = groupsOfLine.slice(0, lines);
  const lineGroups = new Int32Array(groups.groupLine.length);
  groups.groupLine.forEach((line, g) => {
    lineGroups[fill[line]!++] = g;
  });
  const byDue = Array.from({ length: lines }, (_, l) => l).sort(
    (a, b) => instance.lineDue[a]! - instance.lineDue[b]! || a - b,
  );
  const taken = new Float64Array(lines);
  // On time first, from what each production line made by the due month; then, still by due
  // month, late, from whatever it makes.
  for (const late of [false, true]) {
    for (const line of byDue) {
      const claimant = claimantOf(instance, line);
      let wanted = Math.min(instance.lineQuantity[line]! - taken[line]!, owed[claimant]!);
      const due = instance.lineDue[line]!;
      for (let k = groupsOfLine[line]!; k < groupsOfLine[line + 1]! && wanted > 0; k++) {
        const g = lineGroups[k]!;
        const p = groups.groupProduction[g]!;
        const first = groups.productionFirstMonth[p]!;
        if (!late && due < first) continue;
        const last = groups.productionLastMonth[p]!;
        const at = madeStart[p]! + (late ? last : Math.min(due, last)) - first;
        const units = Math.min(wanted, madeBy[at]! - given[p]!);
        if (units <= 0) continue;
        given[p]! += units;
        wanted -= units;
        taken[line]! += units;
        owed[claimant]! -= units;
        flow[layout.firstGroupArc + g]! += units;
        flow[layout.firstLineArc + line]! += units;
        flow[layout.firstClaimArc + claimant]! += units;
      }
    }
  }
  return flow;
}
