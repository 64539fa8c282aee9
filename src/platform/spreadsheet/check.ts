import type { RowProblem } from './cells.ts';
import type { NumberedRecord } from './records.ts';

/** What the first pass of an import found: how many rows, and every problem with them. */
export interface CheckedFile {
  rows: number;
  /** The rows with at least one problem. */
  invalidRows: number;
  problems: RowProblem[];
}

/**
 * Reads every record once and checks it, so that an import can refuse a file with bad rows before
 * it writes anything. `check` returns the row's problems, none when it is good.
 */
export async function checkRecords(
  records: AsyncIterable<NumberedRecord>,
  check: (row: number, record: Record<string, unknown>) => Promise<RowProblem[]> | RowProblem[],
): Promise<CheckedFile> {
  const problems: RowProblem[] = [];
  let rows = 0;
  let invalidRows = 0;
  for await (const { row, record } of records) {
    rows += 1;
    const found = await check(row, record);
    if (found.length > 0) invalidRows += 1;
    problems.push(...found);
  }
  return { rows, invalidRows, problems };
}
