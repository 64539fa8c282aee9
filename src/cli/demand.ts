import { createWriteStream } from 'node:fs';
import { projectors } from '../contexts.ts';
import { withdrawSignal } from '../demand/commands.ts';
import { importSignals } from '../demand/import.ts';
import type { SignalState } from '../demand/model/signal.ts';
import { EXPORT_COLUMNS, recordOfSignal } from '../demand/model/signal-record.ts';
import { everySignal, listSignals, proposedLots } from '../demand/queries.ts';
import { dayOf, systemClock } from '../platform/clock.ts';
import { runCommand } from '../platform/command.ts';
import type { Config } from '../platform/config.ts';
import { formatMoney } from '../platform/money.ts';
import { formatOf, writeRecords } from '../platform/spreadsheet/records.ts';
import { withDatabase } from './database.ts';
import { importFileCommand } from './import-file.ts';
import { CliError, print } from './output.ts';

/** The filter of a demand command's options, checked. */
function signalFilterOf(options: { nation?: string; state?: string; family?: string }) {
  if (options.state !== undefined && options.state !== 'open' && options.state !== 'withdrawn')
    throw new CliError('--state: open or withdrawn');
  return {
    ...(options.nation === undefined ? {} : { nation: options.nation }),
    ...(options.state === undefined ? {} : { state: options.state as SignalState }),
    ...(options.family === undefined ? {} : { family: options.family }),
  };
}

/** `qm demand list [--nation N] [--state S] [--family F]`: one line per signal. */
export async function listSignalsCommand(
  config: Config,
  options: { nation?: string; state?: string; family?: string; limit: string; json?: boolean },
): Promise<void> {
  const limit = Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new CliError('--limit: a whole number from 1 to 1000');
  const filter = signalFilterOf(options);
  await withDatabase(config, 'require', async ({ db }) => {
    const signals = await listSignals(db, filter, { limit });
    print(
      options.json === true,
      signals,
      signals.length === 0
        ? 'no signals'
        : signals
            .map(
              (s) =>
                `${s.id}  ${s.nation}  ${(s.nsn ?? s.family).padEnd(18)}  ${String(s.quantity).padStart(8)}  by ${s.neededBy}  ${s.firmness}${s.state === 'open' ? '' : `  (${s.state})`}`,
            )
            .join('\n'),
    );
  });
}

/** `qm demand withdraw ID --reason TEXT`: on the nation's behalf, for the record. */
export async function withdrawSignalCommand(
  config: Config,
  id: string,
  reason: string,
): Promise<void> {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new CliError(`${id}: not a signal id`);
  await withDatabase(config, 'apply', async ({ db }) => {
    await runCommand({ db, clock: systemClock, projectors }, 'system:cli', (scope) =>
      withdrawSignal(scope, id, reason),
    );
    process.stdout.write(`withdrawn ${id}\n`);
  });
}

/** `qm demand import FILE [--skip-invalid]`: CSV or XLSX; a progress bar, a report, exit 1 on bad rows. */
export async function importSignalsCommand(
  config: Config,
  path: string,
  options: { skipInvalid?: boolean; json?: boolean },
): Promise<void> {
  await importFileCommand(config, path, options, {
    accepted: ['csv', 'xlsx'],
    noun: 'lines',
    run: (runtime, records, how) => importSignals(runtime, 'system:cli', records, how),
    summary: (r) =>
      `${r.rows} rows: ${r.posted} posted, ${r.unchanged} already there, ${r.problems.length} problem(s) skipped`,
  });
}

/** Where a file goes: the path given (its extension says the format), else standard output. */
export async function writeOut(
  out: string | undefined,
  format: string,
  write: (stream: NodeJS.WritableStream, format: 'csv' | 'xlsx') => Promise<void>,
): Promise<void> {
  const chosen = out === undefined ? format : (formatOf(out) ?? format);
  if (chosen !== 'csv' && chosen !== 'xlsx') throw new CliError('--format: csv or xlsx');
  if (out === undefined) {
    if (chosen === 'xlsx' && process.stdout.isTTY)
      throw new CliError('an XLSX file is not for a terminal: give --out FILE.xlsx');
    await write(process.stdout, chosen);
    return;
  }
  const stream = createWriteStream(out);
  const closed = new Promise<void>((resolve, reject) => {
    stream.on('close', () => resolve());
    stream.on('error', reject);
  });
  await write(stream, chosen);
  if (!stream.writableEnded) stream.end();
  await closed;
}

/** `qm demand export [--format csv|xlsx] [--out FILE]`: the signals a filter selects, streamed. */
export async function exportSignalsCommand(
  config: Config,
  options: { nation?: string; state?: string; family?: string; format: string; out?: string },
): Promise<void> {
  const filter = signalFilterOf(options);
  await withDatabase(config, 'require', async ({ db }) => {
    async function* records() {
      for await (const signal of everySignal(db, filter)) yield recordOfSignal(signal);
    }
    await writeOut(options.out, options.format, (stream, format) =>
      writeRecords(records(), format, EXPORT_COLUMNS, stream),
    );
  });
}

/** `qm demand lots [--period month|quarter|half|year]`: the proposed lots, as the agency sees them. */
export async function lotsCommand(
  config: Config,
  options: { period: string; json?: boolean },
): Promise<void> {
  const months = { month: 1, quarter: 3, half: 6, year: 12 } as const;
  if (!(options.period in months)) throw new CliError('--period: month, quarter, half or year');
  await withDatabase(config, 'require', async ({ db }) => {
    const lots = await proposedLots(db, {
      day: dayOf(systemClock.now()),
      periodMonths: months[options.period as keyof typeof months],
    });
    print(
      options.json === true,
      lots,
      lots.length === 0
        ? 'no open signals'
        : lots
            .map((lot) =>
              [
                `${lot.period.label}  ${lot.family}  ${lot.pooled ? lot.items.join(', ') : `alone: ${lot.items.join(', ') || 'no item serves it'}`}`,
                `  ${lot.quantity} units (${lot.firm} firm), needed ${lot.neededBy.earliest} to ${lot.neededBy.latest}: ${lot.nations.map((n) => `${n.nation} ${n.quantity}`).join(', ')}`,
                ...lot.tiers.map(
                  (t) =>
                    `  ${t.supplier} ${t.nsn}: ${formatMoney({ minor: t.pooledUnitPrice, currency: t.currency })} a unit pooled, saving ${formatMoney({ minor: t.saving, currency: t.currency })}`,
                ),
              ].join('\n'),
            )
            .join('\n'),
    );
  });
}
