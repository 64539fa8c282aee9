import { projectors } from '../contexts.ts';
import { systemClock } from '../platform/clock.ts';
import { runCommand } from '../platform/command.ts';
import type { Config } from '../platform/config.ts';
import { formatOf, readRecords } from '../platform/spreadsheet/records.ts';
import { publishRates } from '../rates/commands.ts';
import type { Rate } from '../rates/model.ts';
import { ZRate } from '../rates/schema.ts';
import { firstIssue } from './agreements.ts';
import { withDatabase } from './database.ts';
import { CliError, print } from './output.ts';

/** `qm rates import FILE`: publishes exchange rates from CSV or JSON (day, base, quote, rate). */
export async function importRatesCommand(
  config: Config,
  path: string,
  options: { source: string; json?: boolean },
): Promise<void> {
  const format = formatOf(path);
  if (format === undefined) throw new CliError(`${path}: expected a .csv, .json or .ndjson file`);
  const rates: Rate[] = [];
  try {
    for await (const { row, record } of readRecords(path, format)) {
      const parsed = ZRate.safeParse(record);
      if (!parsed.success) throw firstIssue(parsed.error, `${path} row ${row}`);
      rates.push(parsed.data);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  await withDatabase(config, 'apply', async ({ db }) => {
    const runtime = { db, clock: systemClock, projectors };
    const published = await runCommand(runtime, 'system:cli', (scope) =>
      publishRates(scope, rates, options.source),
    );
    print(
      options.json === true,
      { rows: rates.length, published },
      `${rates.length} rates read, ${published} new or changed`,
    );
  });
}
