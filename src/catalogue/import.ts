import { type CommandRuntime, runCommand } from '../platform/command.ts';
import type { NumberedRecord } from '../platform/spreadsheet/records.ts';
import { registerItem } from './commands.ts';
import { itemFromRecord, type RowProblem } from './model/item-record.ts';

/** What an import did, row by row summed up. */
export interface ImportReport {
  rows: number;
  problems: RowProblem[];
  created: number;
  revised: number;
  unchanged: number;
  /** False when bad rows stopped the import before anything was written. */
  imported: boolean;
}

/**
 * Imports items from a file read twice: first every row is checked, and if any is bad nothing is
 * written (unless `skipInvalid`, which writes the good ones); then each good row is registered by
 * an ordinary command. An item identical to the catalogue's is left alone, so importing the same
 * file again appends nothing.
 */
export async function importItems(
  runtime: CommandRuntime,
  actor: string,
  records: () => AsyncIterable<NumberedRecord>,
  options: { skipInvalid: boolean; onProgress?: (done: number) => void },
): Promise<ImportReport> {
  const problems: RowProblem[] = [];
  let rows = 0;
  for await (const { row, record } of records()) {
    rows += 1;
    const checked = itemFromRecord(row, record);
    if (Array.isArray(checked)) problems.push(...checked);
  }
  const report: ImportReport = {
    rows,
    problems,
    created: 0,
    revised: 0,
    unchanged: 0,
    imported: false,
  };
  if (problems.length > 0 && !options.skipInvalid) return report;
  let done = 0;
  for await (const { row, record } of records()) {
    const item = itemFromRecord(row, record);
    if (Array.isArray(item)) continue;
    report[await runCommand(runtime, actor, (scope) => registerItem(scope, item))] += 1;
    done += 1;
    if (done % 1000 === 0) options.onProgress?.(done);
  }
  report.imported = true;
  return report;
}
