import type { PlannerFigures, PlannerRun, PlannerSizeFigures } from './planner.ts';

const SCHEDULE_GOAL_SECONDS = 0.1;
const WHOLE_GOAL_SECONDS = 1;
const SPEEDUP_GOAL = 50;

const SOLVER_NAME: Record<PlannerRun['solver'], string> = {
  network: 'Network allocator (ours)',
  'highs-simplex': 'HiGHS, dual simplex',
  'highs-ipm': 'HiGHS, interior point',
  glpk: 'GLPK (glpk.js)',
  jslp: 'javascript-lp-solver',
};
const SCOPE_NAME: Record<PlannerRun['scope'], string> = {
  schedule: 'schedule stage',
  whole: 'whole program',
  additions: 'capacity additions (units added)',
};

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const count = (n: number | undefined) =>
  n === undefined ? '—' : Math.round(n).toLocaleString('en');
const euros = (cents: number | undefined) =>
  cents === undefined ? '—' : Math.round(cents / 100).toLocaleString('en');

function agreement(run: PlannerRun): string {
  if (run.solver === 'network') return 'reference';
  if (run.agrees === undefined) return '—';
  const shares =
    run.shareDifference === undefined
      ? ''
      : `; shares within ${run.shareDifference.toExponential(1)}`;
  return `${run.agrees ? 'yes' : '**no**'}${shares}`;
}

function sizeTable(figures: PlannerSizeFigures): string {
  const rows = figures.runs.map((run) => [
    SOLVER_NAME[run.solver],
    SCOPE_NAME[run.scope],
    run.seconds === undefined ? (run.note ?? 'did not finish') : run.seconds.toFixed(3),
    run.peakMiB === undefined ? '—' : count(run.peakMiB),
    count(run.units),
    count(run.lateness),
    euros(run.cost),
    agreement(run),
  ]);
  const { size } = figures;
  return `### ${size.name}: ${size.nations} nations × ${size.items} items × ${size.suppliers} suppliers × ${size.months} months — ${count(figures.arcs)} arcs, ${count(figures.sources)} sources, ${count(figures.lines)} lines

${table(['Solver', 'Stage', 'Seconds', 'Peak MiB', 'Units', 'Unit-months late', 'Cost (EUR)', 'Same values'], rows)}`;
}

function find(
  figures: PlannerSizeFigures | undefined,
  solver: PlannerRun['solver'],
  scope: PlannerRun['scope'],
) {
  return figures?.runs.find((r) => r.solver === solver && r.scope === scope);
}

function verdicts(f: PlannerFigures): string {
  const large = f.sizes.find((s) => s.size.name === 'L');
  const goal = (label: string, seconds: number | undefined, limit: number) => {
    if (seconds === undefined) return `- ${label}: not measured at L in this run.`;
    const met = seconds <= limit ? '**Met**' : '**Not met**';
    return `- ${label} ≤ ${limit * 1000} ms at L: ${met}, ${Math.round(seconds * 1000)} ms.`;
  };
  const speedups = f.sizes.flatMap((s) => {
    const ours = find(s, 'network', 'whole')?.seconds;
    const run = find(s, 'highs-simplex', 'whole');
    const highs = run?.seconds;
    if (ours === undefined) return [];
    if (highs === undefined) {
      // A run the budget left out says so; only a run that started can have failed to finish.
      const why = run?.note?.startsWith('not run')
        ? `HiGHS ${run.note}`
        : `HiGHS did not finish the whole program within ${f.limitSeconds} s`;
      return [`${s.size.name}: ${why}`];
    }
    return [`${s.size.name}: ${Math.round(highs / ours)}×`];
  });
  const largestFinished = [...f.sizes]
    .reverse()
    .find((s) => find(s, 'highs-simplex', 'whole')?.seconds !== undefined);
  const ratio = (() => {
    const ours = find(largestFinished, 'network', 'whole')?.seconds;
    const highs = find(largestFinished, 'highs-simplex', 'whole')?.seconds;
    return ours === undefined || highs === undefined ? undefined : highs / ours;
  })();
  const speedVerdict =
    ratio === undefined
      ? '**Not measured**: HiGHS finished the whole program at no size.'
      : `${ratio >= SPEEDUP_GOAL ? '**Met**' : '**Not met**'} at ${largestFinished?.size.name}, the largest size HiGHS finished in this run: ${Math.round(ratio)}×.`;
  return `${goal('Schedule stage (the min-cost flow)', find(large, 'network', 'schedule')?.seconds, SCHEDULE_GOAL_SECONDS)}
${goal('Whole program, end to end', find(large, 'network', 'whole')?.seconds, WHOLE_GOAL_SECONDS)}
- ≥ ${SPEEDUP_GOAL}× faster than HiGHS (dual simplex) on the whole program: ${speedVerdict} By size: ${speedups.join('; ')}.`;
}

/** The planner's figure for BENCHMARKS.md. */
export function plannerSection(f: PlannerFigures): string {
  return `## 8. The production planner: network allocator against LP solvers

One generated plan per size (\`bench/planner-instance.ts\`, fixed seed): items in families of four
that may substitute for each other at the nation's accepted level, suppliers making one family or
more with capacity that ramps up part-way, nation-specific exclusions and prices, three priority
classes (firm call-offs served only by their agreement's suppliers of their item, then two
classes of open demand), demand about 15 % above capacity. The whole program is max–min fair
shares per class, then the whole-unit schedule (most units, least lateness, least cost); the
schedule stage alone starts from the network allocator's fair-share bounds. Each measurement runs
in its own process (peak resident memory is that process's) and is stopped at ${f.limitSeconds} s;
the network allocator's time is the best of three runs after a warm-up run in the process (each
well under a second, so one run on a shared machine measures the other work as much as it), the
LP solvers' their first, with WebAssembly already loaded. "Whole program" for the LP solvers is the same lexicographic program
as a sequence of LPs (\`src/planning/reference/\`): one LP per progressive-filling level and per
nation whose saturation is in doubt, then three for the schedule. "Capacity additions": for each
class in turn, the fewest units added over (supplier, item, month) that serve the class in full on
time, the higher classes keeping what the network allocator's plan gives them — one min-cost flow
per class for ours, one LP per class for the others; "Units" is the total added over the classes.
"Same values": units, lateness and cost equal to the network allocator's, and every fair share
within 1e-9 of its exact value.

Goals: the schedule stage ≤ ${SCHEDULE_GOAL_SECONDS * 1000} ms at L; the whole program ≤ ${WHOLE_GOAL_SECONDS} s at L, end to end including the
model's construction; ≥ ${SPEEDUP_GOAL}× faster than HiGHS on the same program; identical stage values.

${f.sizes.map(sizeTable).join('\n\n')}

${verdicts(f)}`;
}
