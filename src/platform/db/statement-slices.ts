// PGlite reads a statement's parameter count as a signed 16-bit number (at most 32,767); stay
// below it with room for a few more columns.
const PARAMETERS_PER_STATEMENT = 30_000;

/** Splits rows into slices that one statement can carry at `parametersPerRow` parameters each. */
export function* statementSlices<T>(rows: readonly T[], parametersPerRow: number): Generator<T[]> {
  const size = Math.max(1, Math.floor(PARAMETERS_PER_STATEMENT / parametersPerRow));
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}

/** Splits rows for a multi-row INSERT, one parameter per column of the first row. */
export function insertSlices<T extends object>(rows: readonly T[]): Generator<T[]> {
  return statementSlices(rows, Object.keys(rows[0] ?? {}).length);
}
