import { projectors } from '../contexts.ts';
import { addLine, decideRampUp } from '../planning/commands/lines.ts';
import { importCapacities } from '../planning/import.ts';
import { effectiveFrom, type ProductionLine } from '../planning/production-line.ts';
import { findLine, listLines } from '../planning/queries.ts';
import { capacityOf, rampUpOf, ZLineInput, ZRampUpInput } from '../planning/schema.ts';
import { systemClock } from '../platform/clock.ts';
import { runCommand } from '../platform/command.ts';
import type { Config } from '../platform/config.ts';
import { firstIssue } from './agreements.ts';
import { withDatabase } from './database.ts';
import { importFileCommand } from './import-file.ts';
import { CliError, print } from './output.ts';

const ACTOR = 'system:cli';

/** A line as one or more lines of text: supplier, item, capacity, then each ramp-up. */
function describeLine(line: ProductionLine): string {
  return [
    `${line.id}  ${line.supplier.padEnd(6)} ${line.nsn}  ${String(line.monthlyCapacity).padStart(8)} a month from ${line.from}`,
    ...line.rampUps.map(
      (r) =>
        `  + ${r.addedPerMonth} a month from ${effectiveFrom(r)} (decided ${r.decidedIn}, ${r.leadMonths} months' lead): ${r.note}`,
    ),
  ].join('\n');
}

/** A whole number given on the command line, or a one-line refusal naming the option. */
function wholeNumber(text: string, option: string): number {
  if (!/^\d{1,10}$/.test(text)) throw new CliError(`${option}: a whole number`);
  return Number(text);
}

/** `qm lines list [--supplier S] [--nsn N]`: every production line and its ramp-ups. */
export async function listLinesCommand(
  config: Config,
  options: { supplier?: string; nsn?: string; json?: boolean },
): Promise<void> {
  await withDatabase(config, 'require', async ({ db }) => {
    const lines = await listLines(db, {
      ...(options.supplier === undefined ? {} : { supplier: options.supplier }),
      ...(options.nsn === undefined ? {} : { nsn: options.nsn }),
    });
    print(
      options.json === true,
      lines,
      lines.length === 0 ? 'no production lines' : lines.map(describeLine).join('\n'),
    );
  });
}

/** `qm lines add --supplier S --nsn N --capacity U --from YYYY-MM`: a new production line. */
export async function addLineCommand(
  config: Config,
  options: { supplier: string; nsn: string; capacity: string; from: string; json?: boolean },
): Promise<void> {
  const parsed = ZLineInput.safeParse({
    supplier: options.supplier,
    nsn: options.nsn,
    monthlyCapacity: wholeNumber(options.capacity, '--capacity'),
    from: options.from,
  });
  if (!parsed.success) throw firstIssue(parsed.error, 'qm lines add');
  await withDatabase(config, 'apply', async ({ db }) => {
    const id = await runCommand({ db, clock: systemClock, projectors }, ACTOR, (scope) =>
      addLine(scope, capacityOf(parsed.data)),
    );
    const line = (await findLine(db, id)) as ProductionLine;
    print(options.json === true, line, describeLine(line));
  });
}

/** `qm lines ramp-up ID --add U --decided YYYY-MM --lead M --note TEXT`: an investment. */
export async function rampUpCommand(
  config: Config,
  id: string,
  options: { add: string; decided: string; lead: string; note: string; json?: boolean },
): Promise<void> {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new CliError(`${id}: not a production line id`);
  const parsed = ZRampUpInput.safeParse({
    addedPerMonth: wholeNumber(options.add, '--add'),
    decidedIn: options.decided,
    leadMonths: wholeNumber(options.lead, '--lead'),
    note: options.note,
  });
  if (!parsed.success) throw firstIssue(parsed.error, 'qm lines ramp-up');
  await withDatabase(config, 'apply', async ({ db }) => {
    await runCommand({ db, clock: systemClock, projectors }, ACTOR, (scope) =>
      decideRampUp(scope, id, rampUpOf(parsed.data)),
    );
    const line = (await findLine(db, id)) as ProductionLine;
    print(options.json === true, line, describeLine(line));
  });
}

/** `qm lines import FILE [--skip-invalid]`: CSV or XLSX; a progress bar, a report, exit 1 on bad rows. */
export async function importCapacitiesCommand(
  config: Config,
  path: string,
  options: { skipInvalid?: boolean; json?: boolean },
): Promise<void> {
  await importFileCommand(config, path, options, {
    accepted: ['csv', 'xlsx'],
    noun: 'rows',
    run: (runtime, records, how) => importCapacities(runtime, ACTOR, records, how),
    summary: (r) =>
      `${r.rows} rows: ${r.added} added, ${r.revised} revised, ${r.unchanged} already so, ${r.problems.length} problem(s) skipped`,
  });
}
