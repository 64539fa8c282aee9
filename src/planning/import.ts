import { type CommandRuntime, runCommand } from '../platform/command.ts';
import type { RowProblem } from '../platform/spreadsheet/cells.ts';
import { importRecords } from '../platform/spreadsheet/import.ts';
import type { NumberedRecord } from '../platform/spreadsheet/records.ts';
import { COLUMN_OF, capacityFromRecord } from './capacity-record.ts';
import { type Capacity, capacityProblems, recordCapacities } from './commands/lines.ts';

/** What a capacity import did, row by row summed up. */
export interface CapacityImportReport {
  rows: number;
  problems: RowProblem[];
  added: number;
  revised: number;
  unchanged: number;
  /** False when bad rows stopped the import before anything was written. */
  imported: boolean;
}

/** Capacities recorded per command: one transaction and one ledger append for this many rows. */
const ROWS_PER_COMMAND = 1000;

/** One row as a capacity ready to record, or every problem with it. */
async function capacityOf(
  runtime: CommandRuntime,
  row: number,
  record: Record<string, unknown>,
  supplier: string | undefined,
): Promise<Capacity | RowProblem[]> {
  const capacity = capacityFromRecord(row, record, supplier === undefined ? {} : { supplier });
  if (Array.isArray(capacity)) return capacity;
  if (supplier !== undefined && capacity.supplier !== supplier)
    return [
      {
        row,
        column: 'supplier',
        value: capacity.supplier,
        reason: `you import for ${supplier} only`,
      },
    ];
  const problems = await capacityProblems(runtime.db, capacity);
  return problems.length === 0
    ? capacity
    : problems.map((p) => ({
        row,
        column: COLUMN_OF[p.path] ?? p.path,
        value: String(record[COLUMN_OF[p.path] ?? p.path] ?? ''),
        reason: p.message,
      }));
}

/**
 * Imports production capacities from a file, as the demand import does: every row is checked,
 * against the parties and the catalogue too, before anything is written; bad rows stop it unless
 * `skipInvalid`. A line already as the file says is left alone, so the same file imported again
 * appends nothing. `supplier`, for a supplier's upload, fills an empty supplier column and refuses
 * rows of any other supplier.
 */
export async function importCapacities(
  runtime: CommandRuntime,
  actor: string,
  records: () => AsyncIterable<NumberedRecord>,
  options: {
    skipInvalid: boolean;
    supplier?: string;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<CapacityImportReport> {
  const { outcomes, ...report } = await importRecords(
    records,
    (row, record) => capacityOf(runtime, row, record, options.supplier),
    (batch) => runCommand(runtime, actor, (scope) => recordCapacities(scope, batch)),
    {
      outcomes: ['added', 'revised', 'unchanged'],
      batchSize: ROWS_PER_COMMAND,
      skipInvalid: options.skipInvalid,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    },
  );
  return { ...report, ...outcomes };
}
