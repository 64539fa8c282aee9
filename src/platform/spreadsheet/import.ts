import type { RowProblem } from './cells.ts';
import { checkRecords } from './check.ts';
import type { NumberedRecord } from './records.ts';

/** What an import did: its rows, the problems found, and how many rows came to each outcome. */
export interface ImportReport<O extends string> {
  rows: number;
  problems: RowProblem[];
  outcomes: Record<O, number>;
  /** False when bad rows stopped the import before anything was written. */
  imported: boolean;
}

/**
 * Imports a file read twice: first every row is parsed and checked, and if any is bad nothing is
 * written (unless `skipInvalid`, which writes the good ones); then the good rows are written
 * `batchSize` at a time, each batch by one `write` (one command: one transaction, one append),
 * which says what became of each row. Memory stays flat whatever the file's length.
 */
export async function importRecords<T, O extends string>(
  records: () => AsyncIterable<NumberedRecord>,
  parse: (row: number, record: Record<string, unknown>) => Promise<T | RowProblem[]>,
  write: (batch: readonly T[]) => Promise<readonly O[]>,
  options: {
    outcomes: readonly O[];
    batchSize: number;
    skipInvalid: boolean;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<ImportReport<O>> {
  const checked = await checkRecords(records(), async (row, record) => {
    const parsed = await parse(row, record);
    return Array.isArray(parsed) ? parsed : [];
  });
  const report: ImportReport<O> = {
    rows: checked.rows,
    problems: checked.problems,
    outcomes: Object.fromEntries(options.outcomes.map((o) => [o, 0])) as Record<O, number>,
    imported: false,
  };
  if (report.problems.length > 0 && !options.skipInvalid) return report;
  const total = checked.rows - checked.invalidRows;
  let done = 0;
  const flush = async (batch: readonly T[]) => {
    for (const outcome of await write(batch)) report.outcomes[outcome] += 1;
    done += batch.length;
    options.onProgress?.(done, total);
  };
  let batch: T[] = [];
  for await (const { row, record } of records()) {
    const parsed = await parse(row, record);
    if (Array.isArray(parsed)) continue;
    batch.push(parsed);
    if (batch.length === options.batchSize) {
      await flush(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await flush(batch);
  report.imported = true;
  return report;
}
