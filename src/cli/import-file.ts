import { access } from 'node:fs/promises';
import { Presets, SingleBar } from 'cli-progress';
import { projectors } from '../contexts.ts';
import { systemClock } from '../platform/clock.ts';
import type { CommandRuntime } from '../platform/command.ts';
import type { Config } from '../platform/config.ts';
import type { RowProblem } from '../platform/spreadsheet/cells.ts';
import {
  formatOf,
  type NumberedRecord,
  type RecordFormat,
  readRecords,
} from '../platform/spreadsheet/records.ts';
import { withDatabase } from './database.ts';
import { CliError, print } from './output.ts';

/** The format of a file to import, after checking that it is one of `accepted` and that it exists. */
async function importableFile(
  path: string,
  accepted: readonly RecordFormat[],
): Promise<RecordFormat> {
  const format = formatOf(path);
  if (format === undefined || !accepted.includes(format))
    throw new CliError(`${path}: expected a ${accepted.map((f) => `.${f}`).join(', ')} file`);
  await access(path).catch(() => {
    throw new CliError(`${path}: no such file`);
  });
  return format;
}

/**
 * A progress bar of rows written, on standard error when it is a terminal (a pipe or a log gets
 * the report only). It starts when the total is first known.
 */
function rowsProgress(noun: string): {
  onProgress(done: number, total: number): void;
  stop(): void;
} {
  const bar = new SingleBar(
    {
      format: `{bar} {percentage}% | {value}/{total} ${noun} | {eta}s left`,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress(done, total) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/**
 * Prints an import's row-level report. When bad rows stopped it, the rows go to standard output
 * and one line to standard error with a non-zero exit: nothing was written.
 */
function printImportReport(
  report: { rows: number; problems: readonly RowProblem[]; imported: boolean },
  json: boolean,
  summary: string,
): void {
  const lines = report.problems.map(
    (p) => `row ${p.row}, ${p.column} ${JSON.stringify(p.value)}: ${p.reason}`,
  );
  if (!report.imported) {
    if (json) print(true, report, '');
    else process.stdout.write(`${lines.join('\n')}\n`);
    throw new CliError(
      `${report.rows} rows, ${report.problems.length} problem(s): nothing imported; fix them or use --skip-invalid`,
    );
  }
  print(json, report, [...lines, summary].join('\n'));
}

/** What every import reports. */
interface ImportOutcome {
  rows: number;
  problems: readonly RowProblem[];
  imported: boolean;
}

/**
 * `qm <context> import FILE [--skip-invalid]`: reads the file in one of the `accepted` formats,
 * runs the context's import with a progress bar of `noun`, and prints its report.
 */
export async function importFileCommand<R extends ImportOutcome>(
  config: Config,
  path: string,
  options: { skipInvalid?: boolean; json?: boolean },
  how: {
    accepted: readonly RecordFormat[];
    noun: string;
    run(
      runtime: CommandRuntime,
      records: () => AsyncIterable<NumberedRecord>,
      options: { skipInvalid: boolean; onProgress(done: number, total: number): void },
    ): Promise<R>;
    summary(report: R): string;
  },
): Promise<void> {
  const format = await importableFile(path, how.accepted);
  await withDatabase(config, 'apply', async ({ db }) => {
    const progress = rowsProgress(how.noun);
    const report = await how
      .run({ db, clock: systemClock, projectors }, () => readRecords(path, format), {
        skipInvalid: options.skipInvalid === true,
        onProgress: progress.onProgress,
      })
      .finally(progress.stop);
    printImportReport(report, options.json === true, how.summary(report));
  });
}
