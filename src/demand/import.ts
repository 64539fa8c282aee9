import { type CommandRuntime, runCommand } from '../platform/command.ts';
import type { RowProblem } from '../platform/spreadsheet/cells.ts';
import { importRecords } from '../platform/spreadsheet/import.ts';
import type { NumberedRecord } from '../platform/spreadsheet/records.ts';
import { SignalFacts } from './commands/facts.ts';
import { type Line, postLines } from './commands/post-signals.ts';
import { COLUMN_OF, draftFromRecord } from './model/signal-record.ts';

/** What an import did, row by row summed up. */
export interface SignalImportReport {
  rows: number;
  problems: RowProblem[];
  posted: number;
  unchanged: number;
  /** False when bad rows stopped the import before anything was written. */
  imported: boolean;
}

/**
 * Lines posted per command: one transaction and one ledger append for this many new streams,
 * within PGlite's parameter limit in a few statement slices, and memory stays flat.
 */
const LINES_PER_COMMAND = 2000;

/** One row as a line ready to post, or every problem with it. */
async function lineOf(
  facts: SignalFacts,
  row: number,
  record: Record<string, unknown>,
  nation: string | undefined,
): Promise<Line | RowProblem[]> {
  const draft = draftFromRecord(row, record, nation === undefined ? {} : { nation });
  if (Array.isArray(draft)) return draft;
  if (nation !== undefined && draft.nation !== nation)
    return [
      { row, column: 'nation', value: draft.nation, reason: `you import for ${nation} only` },
    ];
  const terms = await facts.resolve(draft);
  if (!Array.isArray(terms)) return { nation: draft.nation, reference: draft.reference, terms };
  return terms.map((p) => {
    const column = COLUMN_OF[p.field];
    const value = record[column];
    return { row, column, value: value === undefined ? '' : String(value), reason: p.message };
  });
}

/**
 * Imports demand signals from a file read twice: first every row is checked, against the catalogue
 * and the parties too, and if any is bad nothing is written (unless `skipInvalid`, which writes
 * the good ones); then the good rows are posted a batch per command. A line the nation has
 * already (by its reference, or else by its content) is left alone, so that the same file, or the
 * same rows, imported again append nothing. `nation`, for an upload, fills an empty nation column
 * and refuses rows of any other nation.
 */
export async function importSignals(
  runtime: CommandRuntime,
  actor: string,
  records: () => AsyncIterable<NumberedRecord>,
  options: {
    skipInvalid: boolean;
    nation?: string;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<SignalImportReport> {
  const facts = new SignalFacts(runtime.db);
  const { outcomes, ...report } = await importRecords(
    records,
    (row, record) => lineOf(facts, row, record, options.nation),
    (batch) => runCommand(runtime, actor, (scope) => postLines(scope, batch)),
    {
      outcomes: ['posted', 'unchanged'],
      batchSize: LINES_PER_COMMAND,
      skipInvalid: options.skipInvalid,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    },
  );
  return { ...report, ...outcomes };
}
