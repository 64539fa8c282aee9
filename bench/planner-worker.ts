// One measurement of the planner benchmark, in a process of its own so that its peak memory is
// its own and a solver that overruns its time can be stopped: prints one line of JSON.
//   node --import tsx bench/planner-worker.ts SIZE SOLVER SCOPE SECONDS
import { allocate } from '../src/planning/model/allocate.ts';
import { buildInstance } from '../src/planning/model/build.ts';
import { capacityAdditions } from '../src/planning/model/capacity-additions.ts';
import { toNumber } from '../src/planning/model/rational.ts';
import { scheduleNetwork, solveSchedule } from '../src/planning/model/schedule.ts';
import { referenceCapacityAdditions } from '../src/planning/reference/capacity-additions.ts';
import { highsSolver } from '../src/planning/reference/highs-solver.ts';
import {
  referenceFairShares,
  referenceSchedule,
  roundedBounds,
} from '../src/planning/reference/lexicographic-program.ts';
import type { LpSolver } from '../src/planning/reference/linear-program.ts';
import type { PlannerScope, PlannerSolver, WorkerReport } from './planner.ts';
import { generatePlan, PLANNER_SIZES } from './planner-instance.ts';
import { glpkSolver, jsLpSolverSolver } from './planner-solvers.ts';

const [sizeName, solverName, scopeName, limit] = process.argv.slice(2);
const size = PLANNER_SIZES.find((s) => s.name === sizeName);
if (size === undefined) throw new Error(`no planner size ${sizeName}`);
const solver = solverName as PlannerSolver;
const scope = scopeName as PlannerScope;
const deadline = performance.now() + Number(limit) * 1000;

async function lpSolver(): Promise<LpSolver> {
  if (solver === 'highs-simplex') return highsSolver({ method: 'simplex', deadline });
  if (solver === 'highs-ipm') return highsSolver({ method: 'ipm', deadline });
  if (solver === 'glpk') return glpkSolver(deadline);
  return jsLpSolverSolver();
}

function timed<T>(work: () => T): { value: T; seconds: number } {
  const start = performance.now();
  const value = work();
  return { value, seconds: (performance.now() - start) / 1000 };
}

/**
 * Our allocator's time: a warm-up run, then the best of three. It takes well under a second, so
 * on a machine shared with other work one run says more about the others than about it; the LP
 * solvers take seconds to minutes and run once.
 */
function bestOf<T>(work: () => T): { value: T; seconds: number } {
  work();
  const runs = [timed(work), timed(work), timed(work)];
  return runs.reduce((best, run) => (run.seconds < best.seconds ? run : best));
}

/** Units added over every class in turn, on the network allocator's plan, and the time taken. */
async function measureAdditions(
  plan: ReturnType<typeof generatePlan>,
): Promise<{ units: number; seconds: number }> {
  const { instance } = buildInstance(plan);
  const { flow } = allocate(instance).schedule;
  const classes = Array.from({ length: instance.priorities }, (_, p) => p);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  if (solver === 'network') {
    const added = () => sum(classes.map((p) => capacityAdditions(instance, flow, p).total));
    const { value, seconds } = bestOf(added);
    return { units: value, seconds };
  }
  const solve = await lpSolver();
  const { value, seconds } = timed(() =>
    sum(classes.map((p) => referenceCapacityAdditions(instance, flow, p, solve))),
  );
  return { units: value, seconds };
}

async function measure(): Promise<WorkerReport> {
  const plan = generatePlan(size as (typeof PLANNER_SIZES)[number]);
  if (scope === 'additions') return measureAdditions(plan);
  if (solver === 'network') {
    if (scope === 'whole') {
      const { value, seconds } = bestOf(() => allocate(buildInstance(plan).instance));
      return {
        seconds,
        units: value.schedule.units,
        lateness: value.schedule.lateness,
        cost: value.schedule.cost,
        served: value.shares.map((s) => toNumber(s.served)),
      };
    }
    const { instance } = buildInstance(plan);
    const whole = allocate(instance);
    const network = scheduleNetwork(instance, whole.bounds);
    const { seconds } = bestOf(() => solveSchedule(network));
    return {
      seconds,
      units: whole.schedule.units,
      lateness: whole.schedule.lateness,
      cost: whole.schedule.cost,
    };
  }
  const solve = await lpSolver();
  if (scope === 'schedule') {
    const { instance } = buildInstance(plan);
    const { bounds } = allocate(instance);
    const { value, seconds } = timed(() => referenceSchedule(instance, bounds, solve));
    return { seconds, units: value.units, lateness: value.lateness, cost: value.cost };
  }
  const { value, seconds } = timed(() => {
    const { instance } = buildInstance(plan);
    const served = referenceFairShares(instance, solve);
    const stages = referenceSchedule(instance, roundedBounds(served), solve);
    return { stages, served: Array.from(served).filter((x) => !Number.isNaN(x)) };
  });
  return {
    seconds,
    units: value.stages.units,
    lateness: value.stages.lateness,
    cost: value.stages.cost,
    served: value.served,
  };
}

const report = await measure().catch(
  (error: unknown): WorkerReport => ({
    unfinished: error instanceof Error ? error.message : String(error),
  }),
);
report.peakMiB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify(report)}\n`);
