import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import {
  createAgreement,
  decideCeiling,
  moveAgreement,
  placeCallOff,
  proposeCeiling,
} from '../agreements/commands.ts';
import { SETTABLE_STATES, type SettableState } from '../agreements/model/agreement.ts';
import {
  agreementAsOf,
  agreementFigures,
  agreementsAsOf,
  findCallOff,
  listCallOffs,
  poolFigures,
  timelineOf,
} from '../agreements/queries.ts';
import { shownAgreement, shownCallOff, shownFigures } from '../agreements/routes/shown.ts';
import { agreementInputOf, ZAgreementInput } from '../agreements/schema.ts';
import { projectors } from '../contexts.ts';
import { findUserByName } from '../parties/queries.ts';
import { dayOf, systemClock } from '../platform/clock.ts';
import { runCommand } from '../platform/command.ts';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/database.ts';
import { exponentOf, formatMoney } from '../platform/money.ts';
import { withDatabase } from './database.ts';
import { CliError, print } from './output.ts';

const ACTOR = 'system:cli';
const today = () => dayOf(systemClock.now());
const eur = (minor: bigint, currency: string) => formatMoney({ minor, currency });

/** The first problem of a zod parse, as one line naming the field. */
export function firstIssue(error: z.ZodError, where: string): CliError {
  const issue = error.issues[0];
  const path = issue?.path.join('.') ?? '';
  return new CliError(`${where}${path === '' ? '' : ` ${path}`}: ${issue?.message ?? 'invalid'}`);
}

/** A JSON file shaped as an API request body, checked by its schema. */
export async function readBody<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
  const text = await readFile(path, 'utf8').catch(() => {
    throw new CliError(`${path}: no such file`);
  });
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new CliError(`${path}: not JSON`);
  }
  const parsed = schema.safeParse(document);
  if (!parsed.success) throw firstIssue(parsed.error, path);
  return parsed.data;
}

/** `qm agreements list`: one line per agreement, with its ceiling and what is committed. */
export async function listAgreementsCommand(config: Config, json: boolean): Promise<void> {
  await withDatabase(config, 'require', async ({ db }) => {
    const agreements = await agreementsAsOf(db, today(), {});
    print(
      json,
      agreements.map(shownAgreement),
      agreements.length === 0
        ? 'no agreements'
        : agreements
            .map(
              (a) =>
                `${a.id}  ${a.state.padEnd(9)}  ${a.title}: ceiling ${eur(a.ceiling, a.currency)}, committed ${eur(a.committed, a.currency)}`,
            )
            .join('\n'),
    );
  });
}

/** `qm agreements show ID`: the agreement and its figures by nation and supplier. */
export async function showAgreementCommand(config: Config, id: string, json: boolean) {
  await withDatabase(config, 'require', async ({ db }) => {
    const agreement = /^[0-9a-f-]{36}$/.test(id) ? await agreementAsOf(db, id, today()) : undefined;
    if (agreement === undefined) throw new CliError(`no agreement ${id}`);
    const figures = await agreementFigures(db, agreement);
    const line = (label: string, f: (typeof figures)['total']) =>
      `${label.padEnd(10)} committed ${eur(f.committed, f.currency)}, delivered ${eur(f.delivered, f.currency)}${f.remaining === null ? '' : `, remaining ${eur(f.remaining, f.currency)}`}`;
    print(
      json,
      {
        agreement: shownAgreement(agreement),
        figures: {
          total: shownFigures(figures.total),
          nations: figures.nations.map(shownFigures),
          suppliers: figures.suppliers.map(shownFigures),
        },
      },
      [
        `${agreement.title} (${agreement.state}, ${agreement.validFrom} to ${agreement.validTo})`,
        `ceiling ${eur(agreement.ceiling, agreement.currency)}`,
        line('total', figures.total),
        ...figures.nations.map((n) => line(n.nation, n)),
        ...figures.suppliers.map((s) => line(s.supplier, s)),
      ].join('\n'),
    );
  });
}

/** `qm agreements create FILE`: enters an agreement from a JSON file shaped as the API's body. */
export async function createAgreementCommand(config: Config, path: string, json: boolean) {
  const body = await readBody(path, ZAgreementInput);
  await withDatabase(config, 'apply', async ({ db }) => {
    const runtime = { db, clock: systemClock, projectors };
    const id = await runCommand(runtime, ACTOR, (scope) =>
      createAgreement(scope, agreementInputOf(body)),
    );
    print(json, { id }, `created agreement ${id} (draft)`);
  });
}

/** `qm agreements state ID STATE --reason TEXT`: activates, suspends or closes an agreement. */
export async function moveAgreementCommand(
  config: Config,
  id: string,
  state: string,
  reason: string,
): Promise<void> {
  if (!(SETTABLE_STATES as readonly string[]).includes(state)) {
    throw new CliError(`state: expected ${SETTABLE_STATES.join(', ')}, got "${state}"`);
  }
  await withDatabase(config, 'apply', async ({ db }) => {
    const runtime = { db, clock: systemClock, projectors };
    await runCommand(runtime, ACTOR, (scope) =>
      moveAgreement(scope, id, state as SettableState, reason),
    );
    print(false, null, `agreement ${id} is ${state}`);
  });
}

/** `qm agreements figures`: the pool's totals, as the dashboard shows them. */
export async function poolFiguresCommand(config: Config, json: boolean): Promise<void> {
  await withDatabase(config, 'require', async ({ db }) => {
    const figures = await poolFigures(db, today());
    print(
      json,
      {
        totals: figures.totals.map(shownFigures),
        agreements: figures.agreements.map(shownFigures),
      },
      figures.totals.length === 0
        ? 'no agreements in force'
        : figures.totals
            .map(
              (t) =>
                `${t.currency}: ceilings ${eur(t.ceiling ?? 0n, t.currency)}, committed ${eur(t.committed, t.currency)}, delivered ${eur(t.delivered, t.currency)}, ${t.callOffs} call-offs`,
            )
            .join('\n'),
    );
  });
}

/** `qm calloffs list`: call-offs, newest first. */
export async function listCallOffsCommand(
  config: Config,
  options: { agreement?: string; nation?: string; supplier?: string; json?: boolean },
): Promise<void> {
  await withDatabase(config, 'require', async ({ db }) => {
    const callOffs = await listCallOffs(db, {
      ...(options.agreement === undefined ? {} : { agreement: options.agreement }),
      ...(options.nation === undefined ? {} : { nation: options.nation }),
      ...(options.supplier === undefined ? {} : { supplier: options.supplier }),
      limit: 500,
    });
    print(
      options.json === true,
      callOffs.map(shownCallOff),
      callOffs.length === 0
        ? 'no call-offs'
        : callOffs
            .map(
              (c) =>
                `${c.id}  ${c.state.padEnd(9)}  ${c.nation} ← ${c.supplier}  ${c.quantity} × ${c.nsn}  ${eur(c.ceilingValue, c.conversion.to)}`,
            )
            .join('\n'),
    );
  });
}

/** `qm calloffs show ID`: a call-off and its timeline. */
export async function showCallOffCommand(config: Config, id: string, json: boolean) {
  await withDatabase(config, 'require', async ({ db }) => {
    const callOff = /^[0-9a-f-]{36}$/.test(id) ? await findCallOff(db, id) : undefined;
    if (callOff === undefined) throw new CliError(`no call-off ${id}`);
    const timeline = await timelineOf(db, id);
    print(
      json,
      { callOff: shownCallOff(callOff), timeline },
      [
        `${callOff.quantity} × ${callOff.nsn} for ${callOff.nation} from ${callOff.supplier} (${callOff.state})`,
        `value ${eur(callOff.value, callOff.currency)}, committing ${eur(callOff.ceilingValue, callOff.conversion.to)}`,
        ...timeline.map((e) => `${e.at}  ${e.kind}  by ${e.actor}`),
      ].join('\n'),
    );
  });
}

/** `qm calloffs place AGREEMENT`: a call-off entered on a nation's behalf, e.g. from paper. */
export async function placeCallOffCommand(
  config: Config,
  agreement: string,
  options: {
    nation: string;
    nsn: string;
    supplier?: string;
    month: string[];
    destination: string;
    json?: boolean;
  },
): Promise<void> {
  const schedule = options.month.map((text) => {
    const match = /^(\d{4}-(?:0[1-9]|1[0-2])):([1-9]\d{0,9})$/.exec(text);
    if (match === null) throw new CliError(`--month: expected YYYY-MM:UNITS, got "${text}"`);
    return { month: match[1] as string, quantity: BigInt(match[2] as string) };
  });
  if (schedule.length === 0) throw new CliError('--month: give at least one YYYY-MM:UNITS');
  await withDatabase(config, 'apply', async ({ db }) => {
    const runtime = { db, clock: systemClock, projectors };
    const callOff = await runCommand(runtime, ACTOR, (scope) =>
      placeCallOff(scope, {
        agreementId: agreement,
        nation: options.nation,
        supplier: options.supplier ?? null,
        nsn: options.nsn,
        quantity: schedule.reduce((sum, m) => sum + m.quantity, 0n),
        schedule,
        destination: options.destination,
      }),
    );
    print(options.json === true, shownCallOff(callOff), `placed call-off ${callOff.id}`);
  });
}

/**
 * Who takes a four-eyes step from the command line: a named agency officer, not the command line
 * itself, so that proposing and approving a ceiling still take two people.
 */
async function officer(db: Db, username: string): Promise<string> {
  const user = await findUserByName(db, username);
  if (user === undefined) throw new CliError(`--officer: no user ${username}`);
  if (!user.roles.includes('agency-officer')) {
    throw new CliError(`--officer: ${username} is not an agency officer`);
  }
  return `user:${user.id}`;
}

/** An amount in major units of a currency (`2600000000` or `2600000000.00`) as minor units. */
function minorUnits(text: string, currency: string): bigint {
  const exponent = exponentOf(currency);
  const match = /^(\d{1,18})(?:\.(\d+))?$/.exec(text.replaceAll(',', ''));
  const fraction = match?.[2] ?? '';
  if (match === null || fraction.length > exponent) {
    throw new CliError(
      `<amount>: expected an amount in ${currency} with at most ${exponent} decimals, got "${text}"`,
    );
  }
  return BigInt(`${match[1]}${fraction.padEnd(exponent, '0')}`);
}

/** `qm agreements ceiling propose ID AMOUNT`: an officer proposes a new ceiling. */
export async function proposeCeilingCommand(
  config: Config,
  id: string,
  amount: string,
  options: { reason: string; officer: string; json?: boolean },
): Promise<void> {
  await withDatabase(config, 'apply', async ({ db }) => {
    const agreement = /^[0-9a-f-]{36}$/.test(id) ? await agreementAsOf(db, id, today()) : undefined;
    if (agreement === undefined) throw new CliError(`no agreement ${id}`);
    const ceiling = minorUnits(amount, agreement.currency);
    const actor = await officer(db, options.officer);
    const proposal = await runCommand({ db, clock: systemClock, projectors }, actor, (scope) =>
      proposeCeiling(scope, id, ceiling, options.reason),
    );
    print(
      options.json === true,
      { id: proposal },
      `proposed ceiling ${eur(ceiling, agreement.currency)} as ${proposal}; another officer decides`,
    );
  });
}

/** `qm agreements ceiling decide ID PROPOSAL --approve|--reject`: the second officer decides. */
export async function decideCeilingCommand(
  config: Config,
  id: string,
  proposal: string,
  options: { approve?: boolean; reject?: boolean; reason: string; officer: string },
): Promise<void> {
  if (options.approve === options.reject) throw new CliError('give one of --approve or --reject');
  await withDatabase(config, 'apply', async ({ db }) => {
    const actor = await officer(db, options.officer);
    const approve = options.approve === true;
    await runCommand({ db, clock: systemClock, projectors }, actor, (scope) =>
      decideCeiling(scope, id, proposal, { approve, reason: options.reason }),
    );
    const agreement = await agreementAsOf(db, id, today());
    print(
      false,
      null,
      `${approve ? 'approved' : 'rejected'} ${proposal}: the ceiling is ${agreement === undefined ? '?' : eur(agreement.ceiling, agreement.currency)}`,
    );
  });
}
