import glpkModule from 'glpk.js/node';
import * as jsLpSolverPackage from 'javascript-lp-solver';
import type {
  LinearProgram,
  LpOutcome,
  LpSolver,
} from '../src/planning/reference/linear-program.ts';

/** Seconds left before a deadline, for solvers that take a time limit per solve. */
function secondsLeft(deadline: number): number {
  return Math.max(1, Math.floor((deadline - performance.now()) / 1000));
}

/** GLPK (glpk.js, WebAssembly): the program as its object model, one name per column and row. */
export async function glpkSolver(deadline: number): Promise<LpSolver> {
  const glpk = await glpkModule();
  const boundType = (lower: number, upper: number) => {
    const low = Number.isFinite(lower);
    const high = Number.isFinite(upper);
    if (low && high) return lower === upper ? glpk.GLP_FX : glpk.GLP_DB;
    if (low) return glpk.GLP_LO;
    return high ? glpk.GLP_UP : glpk.GLP_FR;
  };
  const finite = (x: number) => (Number.isFinite(x) ? x : 0);
  return (program: LinearProgram): LpOutcome => {
    const columns = program.cost.length;
    const subjectTo = program.rowLower.map((lower, i) => {
      const upper = program.rowUpper[i] ?? 0;
      const vars = [];
      for (let k = program.rowStart[i] ?? 0; k < (program.rowStart[i + 1] ?? 0); k++) {
        vars.push({ name: `x${program.rowColumn[k]}`, coef: program.rowValue[k] ?? 0 });
      }
      return {
        name: `r${i}`,
        vars,
        bnds: { type: boundType(lower, upper), lb: finite(lower), ub: finite(upper) },
      };
    });
    const bounds = Array.from({ length: columns }, (_, j) => {
      const lower = program.columnLower[j] ?? 0;
      const upper = program.columnUpper[j] ?? 0;
      return { name: `x${j}`, type: boundType(lower, upper), lb: finite(lower), ub: finite(upper) };
    });
    const limit = secondsLeft(deadline);
    const { result, time } = glpk.solve(
      {
        name: 'plan',
        objective: {
          direction: program.sense === 'maximise' ? glpk.GLP_MAX : glpk.GLP_MIN,
          name: 'objective',
          vars: Array.from(program.cost, (coef, j) => ({ name: `x${j}`, coef })),
        },
        subjectTo,
        bounds,
      },
      { msglev: glpk.GLP_MSG_OFF, tmlim: limit },
    );
    if (result.status === glpk.GLP_UNDEF && time >= limit) {
      return { status: 'stopped', detail: 'GLPK reached its time limit' };
    }
    if (result.status !== glpk.GLP_OPT) {
      return { status: 'stopped', detail: `GLPK status ${result.status}` };
    }
    const values = Float64Array.from({ length: columns }, (_, j) => result.vars[`x${j}`] ?? 0);
    return { status: 'optimal', objective: result.z, values };
  };
}

/**
 * javascript-lp-solver: a dense-tableau simplex in plain JavaScript. It has no column bounds, so
 * each finite upper bound is a row of its own.
 */
export function jsLpSolverSolver(): LpSolver {
  // Declared CommonJS-style (`export { solver as default }`), loaded as the ES module it also is.
  const jsLpSolver =
    jsLpSolverPackage.default as unknown as typeof jsLpSolverPackage.default.default;
  return (program: LinearProgram): LpOutcome => {
    const constraints: Record<string, { min?: number; max?: number }> = {};
    const variables: Record<string, Record<string, number>> = {};
    const columns = program.cost.length;
    for (let j = 0; j < columns; j++) {
      variables[`x${j}`] = { objective: program.cost[j] ?? 0 };
    }
    program.rowLower.forEach((lower, i) => {
      const upper = program.rowUpper[i] ?? 0;
      constraints[`r${i}`] = {
        ...(Number.isFinite(lower) ? { min: lower } : {}),
        ...(Number.isFinite(upper) ? { max: upper } : {}),
      };
      for (let k = program.rowStart[i] ?? 0; k < (program.rowStart[i + 1] ?? 0); k++) {
        const column = variables[`x${program.rowColumn[k]}`];
        if (column !== undefined) column[`r${i}`] = program.rowValue[k] ?? 0;
      }
    });
    for (let j = 0; j < columns; j++) {
      const lower = program.columnLower[j] ?? 0;
      const upper = program.columnUpper[j] ?? 0;
      constraints[`c${j}`] = { min: lower, ...(Number.isFinite(upper) ? { max: upper } : {}) };
      const column = variables[`x${j}`];
      if (column !== undefined) column[`c${j}`] = 1;
    }
    const result = jsLpSolver.Solve({
      optimize: 'objective',
      opType: program.sense === 'maximise' ? 'max' : 'min',
      constraints,
      variables,
    }) as Record<string, number | boolean>;
    if (result.feasible !== true || result.bounded === false) {
      return { status: 'infeasible', detail: 'javascript-lp-solver found no bounded optimum' };
    }
    const values = Float64Array.from({ length: columns }, (_, j) => {
      const v = result[`x${j}`];
      return typeof v === 'number' ? v : 0;
    });
    return { status: 'optimal', objective: Number(result.result), values };
  };
}
