// biome-ignore-all lint/style/noNonNullAssertion: indices into the typed arrays are in range by construction.
import { monthsLate, type PlanningInstance } from '../model/instance.ts';
import { type LpSolver, RowBuilder } from './linear-program.ts';

/**
 * The smallest capacity additions as a plain LP, the check on the network version: columns are
 * the class's on-time arcs and one addition per source; each line the class can reach on time
 * takes exactly its quantity; each source gives at most what the higher classes leave of it
 * (after the plan's `flow`) plus its addition. Returns the fewest added units in total.
 */
export function referenceCapacityAdditions(
  instance: PlanningInstance,
  flow: Float64Array,
  priority: number,
  solve: LpSolver,
): number {
  const sources = instance.sourceCapacity.length;
  const left = Float64Array.from(instance.sourceCapacity);
  instance.arcSource.forEach((s, a) => {
    if (instance.linePriority[instance.arcLine[a]!]! < priority) left[s]! -= flow[a]!;
  });
  const arcs: number[] = [];
  for (let a = 0; a < instance.arcSource.length; a++) {
    if (instance.linePriority[instance.arcLine[a]!] === priority && monthsLate(instance, a) === 0) {
      arcs.push(a);
    }
  }
  const columns = arcs.length + sources;
  const intoLine: number[][] = Array.from(instance.lineQuantity, () => []);
  const outOfSource: number[][] = Array.from({ length: sources }, () => []);
  arcs.forEach((a, k) => {
    intoLine[instance.arcLine[a]!]!.push(k);
    outOfSource[instance.arcSource[a]!]!.push(k);
  });
  const rows = new RowBuilder();
  intoLine.forEach((into, line) => {
    const quantity = instance.lineQuantity[line]!;
    if (into.length > 0) {
      rows.add(
        quantity,
        quantity,
        into,
        into.map(() => 1),
      );
    }
  });
  outOfSource.forEach((out, s) => {
    rows.add(
      Number.NEGATIVE_INFINITY,
      left[s]!,
      [...out, arcs.length + s],
      [...out.map(() => 1), -1],
    );
  });
  const cost = new Float64Array(columns).fill(1, arcs.length);
  const outcome = solve(
    rows.program(
      'minimise',
      cost,
      new Float64Array(columns),
      new Float64Array(columns).fill(Number.POSITIVE_INFINITY),
    ),
  );
  if (outcome.status !== 'optimal') {
    throw new Error(`capacity additions: ${outcome.status} (${outcome.detail})`);
  }
  return Math.round(outcome.objective);
}
