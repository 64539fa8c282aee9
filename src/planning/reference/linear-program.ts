/**
 * A linear program in the form every solver adapter reads: bounds on columns and on row
 * activities, rows as sparse lists. Solver-neutral, so the same lexicographic program runs on
 * HiGHS here and on the benchmark's other solvers.
 */
export interface LinearProgram {
  sense: 'minimise' | 'maximise';
  cost: Float64Array;
  columnLower: Float64Array;
  columnUpper: Float64Array;
  rowLower: number[];
  rowUpper: number[];
  /** Rows in compressed sparse row form: row i is entries rowStart[i] .. rowStart[i + 1]. */
  rowStart: number[];
  rowColumn: number[];
  rowValue: number[];
}

/** What a solver returns: an optimum (objective and column values) or the reason there is none. */
export type LpOutcome =
  | { status: 'optimal'; objective: number; values: Float64Array }
  | { status: 'infeasible' | 'stopped'; detail: string };

/** A solver of linear programs, synchronous as HiGHS's WebAssembly build is. */
export type LpSolver = (program: LinearProgram) => LpOutcome;

/** Rows appended one at a time, then read as a program with a chosen objective. */
export class RowBuilder {
  readonly rowLower: number[] = [];
  readonly rowUpper: number[] = [];
  readonly rowStart: number[] = [0];
  readonly rowColumn: number[] = [];
  readonly rowValue: number[] = [];

  /** Appends lower ≤ Σ value·x[column] ≤ upper and returns the row's index. */
  add(lower: number, upper: number, columns: ArrayLike<number>, values: ArrayLike<number>): number {
    for (let i = 0; i < columns.length; i++) {
      this.rowColumn.push(columns[i] as number);
      this.rowValue.push(values[i] as number);
    }
    this.rowStart.push(this.rowColumn.length);
    this.rowLower.push(lower);
    this.rowUpper.push(upper);
    return this.rowLower.length - 1;
  }

  /** Sets a row's bounds, as a stage holds what the stage before it reached. */
  bound(row: number, lower: number, upper: number): void {
    this.rowLower[row] = lower;
    this.rowUpper[row] = upper;
  }

  /** The rows with an objective and column bounds. */
  program(
    sense: LinearProgram['sense'],
    cost: Float64Array,
    columnLower: Float64Array,
    columnUpper: Float64Array,
  ): LinearProgram {
    return {
      sense,
      cost,
      columnLower,
      columnUpper,
      rowLower: this.rowLower,
      rowUpper: this.rowUpper,
      rowStart: this.rowStart,
      rowColumn: this.rowColumn,
      rowValue: this.rowValue,
    };
  }
}
