/** One reason a row cannot be imported: where it is, what it says, and why not. */
export interface RowProblem {
  row: number;
  column: string;
  value: string;
  reason: string;
}

/** A cell as trimmed text, or undefined when it is empty. */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const s = typeof value === 'string' ? value.trim() : String(value);
  return s === '' ? undefined : s;
}

/** A yes/no cell: true, false, undefined when empty, or 'invalid'. */
export function flag(value: unknown): boolean | 'invalid' | undefined {
  if (typeof value === 'boolean') return value;
  const s = text(value)?.toLowerCase();
  if (s === undefined) return undefined;
  if (s === 'true' || s === 'yes' || s === '1') return true;
  if (s === 'false' || s === 'no' || s === '0') return false;
  return 'invalid';
}

/** Collects the problems of one row, each naming its column and the value as written. */
export function problemsOfRow(row: number): {
  problems: RowProblem[];
  problem(column: string, value: unknown, reason: string): void;
} {
  const problems: RowProblem[] = [];
  return {
    problems,
    problem: (column, value, reason) =>
      problems.push({ row, column, value: value === undefined ? '' : String(value), reason }),
  };
}
