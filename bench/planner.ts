import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { buildInstance } from '../src/planning/model/build.ts';
import { generatePlan, type PlannerSize } from './planner-instance.ts';
import { progress } from './progress.ts';

const run = promisify(execFile);

/** Our allocator, HiGHS's two LP algorithms, GLPK, and javascript-lp-solver. */
export type PlannerSolver = 'network' | 'highs-simplex' | 'highs-ipm' | 'glpk' | 'jslp';
/**
 * The schedule stage alone (on given fair-share bounds), the whole lexicographic program, or the
 * smallest capacity additions for each class in turn (on the network allocator's plan).
 */
export type PlannerScope = 'schedule' | 'whole' | 'additions';

/** What one worker process prints. */
export interface WorkerReport {
  seconds?: number;
  units?: number;
  lateness?: number;
  cost?: number;
  /** Units served per (nation, class) pair at the fair stage, in pair order. */
  served?: number[];
  peakMiB?: number;
  unfinished?: string;
}

/** One solver on one stage of one size, as BENCHMARKS.md shows it. */
export interface PlannerRun {
  solver: PlannerSolver;
  scope: PlannerScope;
  /** Undefined when it did not finish within the limit, or was not run (see `note`). */
  seconds?: number;
  peakMiB?: number;
  units?: number;
  lateness?: number;
  cost?: number;
  /** Whether units, lateness and cost equal the network allocator's, and shares to 1e-9. */
  agrees?: boolean;
  /** Largest relative difference of a fair share from the network allocator's exact one. */
  shareDifference?: number;
  note?: string;
}

/** All runs at one size. */
export interface PlannerSizeFigures {
  size: PlannerSize;
  sources: number;
  lines: number;
  arcs: number;
  runs: PlannerRun[];
}

/** The planner's figures: each size in turn. */
export interface PlannerFigures {
  limitSeconds: number;
  sizes: PlannerSizeFigures[];
}

const EXTERNAL: readonly PlannerSolver[] = ['highs-simplex', 'highs-ipm', 'glpk', 'jslp'];
const SCOPES: readonly PlannerScope[] = ['schedule', 'whole', 'additions'];

async function measureOne(
  size: PlannerSize,
  solver: PlannerSolver,
  scope: PlannerScope,
  limitSeconds: number,
): Promise<WorkerReport> {
  const worker = new URL('./planner-worker.ts', import.meta.url).pathname;
  try {
    const { stdout } = await run(
      process.execPath,
      [
        '--max-old-space-size=4096',
        '--import',
        'tsx',
        worker,
        size.name,
        solver,
        scope,
        String(limitSeconds),
      ],
      // The solvers stop themselves at the limit where they can; this stops the rest.
      { timeout: (limitSeconds + 60) * 1000, killSignal: 'SIGKILL', maxBuffer: 64 * 2 ** 20 },
    );
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as WorkerReport;
  } catch (error) {
    const killed = (error as { killed?: boolean }).killed === true;
    return {
      unfinished: killed
        ? `stopped at the ${limitSeconds} s limit`
        : `failed: ${(error as Error).message.split('\n')[0]}`,
    };
  }
}

function compare(ours: WorkerReport, oursShares: WorkerReport, report: WorkerReport) {
  if (report.units === undefined) return {};
  let shareDifference: number | undefined;
  if (report.served !== undefined && oursShares.served !== undefined) {
    shareDifference = 0;
    oursShares.served.forEach((exact, i) => {
      const other = report.served?.[i] ?? Number.NaN;
      const difference = Math.abs(other - exact) / Math.max(1, Math.abs(exact));
      shareDifference = Math.max(shareDifference ?? 0, Number.isNaN(difference) ? 1 : difference);
    });
  }
  const agrees =
    report.units === ours.units &&
    report.lateness === ours.lateness &&
    report.cost === ours.cost &&
    (shareDifference === undefined || shareDifference <= 1e-9);
  return { agrees, ...(shareDifference === undefined ? {} : { shareDifference }) };
}

/**
 * Each size: our allocator first (its values are the ones the others must reach), then each LP
 * solver on the schedule stage and on the whole program, each in its own process and stopped at
 * `limitSeconds`. A solver that did not finish a stage at one size is not run on it at the larger
 * ones, and nothing more starts once `budgetSeconds` are spent (the note says so: no figure is
 * extrapolated). javascript-lp-solver keeps a dense tableau, so it runs only where that tableau
 * stays under `DENSE_LIMIT` numbers; elsewhere the note says how large it would be.
 */
export async function measurePlanner(
  sizes: readonly PlannerSize[],
  limitSeconds: number,
  budgetSeconds: number,
  solvers: readonly PlannerSolver[] = EXTERNAL,
): Promise<PlannerFigures> {
  const DENSE_LIMIT = 50e6;
  const figures: PlannerFigures = { limitSeconds, sizes: [] };
  const end = performance.now() + budgetSeconds * 1000;
  const gaveUp = new Map<string, string>();
  for (const size of sizes) {
    const { instance } = buildInstance(generatePlan(size));
    const arcs = instance.arcSource.length;
    const sources = instance.sourceCapacity.length;
    const lines = instance.lineQuantity.length;
    progress(`planner ${size.name}: ${arcs} arcs, ${sources} sources, ${lines} lines`);
    const runs: PlannerRun[] = [];
    const ours: Record<PlannerScope, WorkerReport> = { schedule: {}, whole: {}, additions: {} };
    for (const scope of SCOPES) {
      ours[scope] = await measureOne(size, 'network', scope, limitSeconds);
      runs.push({ solver: 'network', scope, ...withoutShares(ours[scope]) });
      progress(`  network ${scope}: ${describe(ours[scope])}`);
    }
    for (const solver of solvers) {
      for (const scope of SCOPES) {
        const rows = sources + lines + instance.nations * instance.priorities + arcs;
        if (solver === 'jslp' && rows * arcs > DENSE_LIMIT) {
          const millions = Math.round((rows * arcs) / 1e6);
          runs.push({
            solver,
            scope,
            note: `not run: a dense tableau of ${millions} million numbers`,
          });
          continue;
        }
        const earlier = gaveUp.get(`${solver} ${scope}`);
        if (earlier !== undefined || performance.now() > end) {
          const note = earlier ?? `not run: the planner's ${budgetSeconds / 60} min were spent`;
          runs.push({ solver, scope, note });
          continue;
        }
        const report = await measureOne(size, solver, scope, limitSeconds);
        if (report.unfinished !== undefined) {
          gaveUp.set(`${solver} ${scope}`, `not run: did not finish at ${size.name}`);
        }
        runs.push({
          solver,
          scope,
          ...withoutShares(report),
          ...compare(ours[scope], ours.whole, report),
          ...(report.unfinished === undefined ? {} : { note: report.unfinished }),
        });
        progress(`  ${solver} ${scope}: ${describe(report)}`);
      }
    }
    figures.sizes.push({ size, sources, lines, arcs, runs });
  }
  return figures;
}

function withoutShares(report: WorkerReport): Omit<WorkerReport, 'served' | 'unfinished'> {
  const { served: _served, unfinished: _unfinished, ...rest } = report;
  return rest;
}

function describe(report: WorkerReport): string {
  if (report.unfinished !== undefined) return report.unfinished;
  if (report.lateness === undefined) {
    return `${report.seconds?.toFixed(3)} s, ${Math.round(report.peakMiB ?? 0)} MiB, units added ${report.units}`;
  }
  return `${report.seconds?.toFixed(3)} s, ${Math.round(report.peakMiB ?? 0)} MiB, units ${report.units}, lateness ${report.lateness}, cost ${report.cost}`;
}
