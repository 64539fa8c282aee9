import * as highsPackage from 'highs';
import type { LinearProgram, LpOutcome, LpSolver } from './linear-program.ts';

/** Which of HiGHS's LP algorithms to run. */
type HighsMethod = 'simplex' | 'ipm';

/** The algorithm, and for the benchmark's runs a deadline (performance.now(), ms) for all solves. */
export interface HighsLimits {
  method?: HighsMethod;
  deadline?: number;
}

/**
 * HiGHS answers a program without rows as empty, with no solution: each column then simply sits at
 * the bound its cost prefers (the lower one when the cost is indifferent).
 */
function withoutRows(program: LinearProgram): LpOutcome {
  const sign = program.sense === 'maximise' ? -1 : 1;
  const values = program.cost.map((c, j) =>
    sign * c < 0 ? (program.columnUpper[j] ?? 0) : (program.columnLower[j] ?? 0),
  );
  if (values.some((v) => !Number.isFinite(v))) {
    return { status: 'stopped', detail: 'unbounded program without rows' };
  }
  return {
    status: 'optimal',
    objective: values.reduce((sum, v, j) => sum + v * (program.cost[j] ?? 0), 0),
    values,
  };
}

/**
 * HiGHS (WebAssembly) as an `LpSolver`: the model passes as sparse arrays, not LP text (the
 * WebAssembly heap is capped at 2 GiB, and text of a large model would not fit).
 */
export async function highsSolver(limits: HighsLimits = {}): Promise<LpSolver> {
  // The package declares itself CommonJS with `export default`, which TypeScript reads as
  // `.default.default`; its ES module, which Node loads, exports the loader as `.default`.
  const load = highsPackage.default as unknown as typeof highsPackage.default.default;
  const highs = await load();
  const { modelStatus, objectiveSense } = highs.constants;
  return (program: LinearProgram): LpOutcome =>
    highs.withModel(
      {
        numCols: program.cost.length,
        numRows: program.rowLower.length,
        sense: program.sense === 'maximise' ? objectiveSense.maximize : objectiveSense.minimize,
        colCost: program.cost,
        colLower: program.columnLower,
        colUpper: program.columnUpper,
        rowLower: program.rowLower,
        rowUpper: program.rowUpper,
        matrix: {
          format: 'csr',
          numRows: program.rowLower.length,
          numCols: program.cost.length,
          starts: program.rowStart,
          indices: program.rowColumn,
          values: program.rowValue,
        },
      },
      (model): LpOutcome => {
        model.options.set({
          output_flag: false,
          solver: limits.method ?? 'simplex',
          ...(limits.deadline === undefined
            ? {}
            : { time_limit: Math.max(1, (limits.deadline - performance.now()) / 1000) }),
        });
        model.run();
        const status = model.getModelStatus();
        if (status === modelStatus.empty) return withoutRows(program);
        if (status === modelStatus.optimal) {
          return {
            status: 'optimal',
            objective: model.getObjectiveValue(),
            values: Float64Array.from(model.getSolution().colValue),
          };
        }
        if (status === modelStatus.infeasible) {
          return { status: 'infeasible', detail: 'HiGHS proved the program infeasible' };
        }
        if (status === modelStatus.timeLimit) {
          return { status: 'stopped', detail: 'HiGHS reached its time limit' };
        }
        return { status: 'stopped', detail: `HiGHS model status ${status}` };
      },
    );
}
