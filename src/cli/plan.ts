import { Presets, SingleBar } from 'cli-progress';
import { projectors } from '../contexts.ts';
import { computePlan } from '../planning/commands/compute-plan.ts';
import { type Comparison, comparePlans } from '../planning/compare.ts';
import type { StoredInput, StoredResults } from '../planning/events.ts';
import { monthIndex, monthOf } from '../planning/production-line.ts';
import { findPlan, listPlans } from '../planning/queries.ts';
import { recomputePlan } from '../planning/recompute.ts';
import { ZPlanRequest, ZScenario, ZSolver } from '../planning/schema.ts';
import type { Solver } from '../planning/solve.ts';
import { whatIf } from '../planning/what-if.ts';
import { dayOf, systemClock } from '../platform/clock.ts';
import { runCommand } from '../platform/command.ts';
import type { Config } from '../platform/config.ts';
import { formatMoney } from '../platform/money.ts';
import { firstIssue, readBody } from './agreements.ts';
import { withDatabase } from './database.ts';
import { CliError, print } from './output.ts';

const count = (n: number) => n.toLocaleString('en-GB');
const percent = (part: number, whole: number) =>
  whole === 0 ? '100 %' : `${Math.round((100 * part) / whole)} %`;

/**
 * A progress bar of a plan's stages on standard error (shown on a terminal only): reading the
 * inputs, allocating, storing.
 */
function stagesProgress(total: number) {
  const bar = new SingleBar(
    { format: '{bar} {value}/{total} | {stage}', stream: process.stderr },
    Presets.shades_classic,
  );
  let done = 0;
  bar.start(total, 0, { stage: 'starting' });
  return {
    onStage(stage: string) {
      bar.update(done, { stage });
      done += 1;
    },
    stop() {
      bar.update(total, { stage: 'done' });
      bar.stop();
    },
  };
}

/** Per class, the smallest capacity additions that would serve it in full and on time. */
function additionsText(results: StoredResults): string[] {
  const additions = results.capacityAdditions ?? [];
  const classes = [...new Set(additions.map((a) => a.priority))].sort((a, b) => a - b);
  return classes.flatMap((priority) => {
    const own = additions.filter((a) => a.priority === priority);
    const units = own.reduce((sum, a) => sum + a.units, 0);
    return [
      `class ${priority + 1} served in full and on time with ${count(units)} units more:`,
      ...own.map((a) => `  ${a.month} ${a.supplier} ${a.item} +${count(a.units)}`),
    ];
  });
}

/**
 * What a plan comes to, for people: the pool, each nation, each nation's sentence, and the
 * capacity that would close each class.
 */
function summary(input: StoredInput, results: StoredResults): string {
  const money = (minor: string) => formatMoney({ minor: BigInt(minor), currency: input.currency });
  const last = monthOf(monthIndex(input.firstMonth) + input.months - 1);
  const { totals } = results;
  return [
    `${input.firstMonth} to ${last}: ${input.lines.length} lines, ${input.production.length} production lines`,
    `pool: ${count(totals.need)} needed, ${count(totals.served)} served (${percent(totals.served, totals.need)}), ${count(totals.shortfall)} short, ${count(totals.lateness)} unit-months late, ${money(totals.cost)}`,
    ...results.nations.map(
      (n) =>
        `  ${n.nation.padEnd(4)} ${count(n.need).padStart(10)} needed ${count(n.served).padStart(10)} served ${percent(n.served, n.need).padStart(6)}  ${count(n.shortfall).padStart(9)} short ${count(n.lateness).padStart(9)} unit-months late`,
    ),
    ...results.explanations.map((e) => e.sentence),
    ...additionsText(results),
  ].join('\n');
}

/** Two plans side by side, for people: each nation's served units and share, and the change. */
function comparisonText(
  comparison: { totals: Comparison; nations: Comparison[] },
  currency: string,
): string {
  const signed = (n: number) => `${n >= 0 ? '+' : ''}${count(n)}`;
  const row = (c: Comparison) =>
    `  ${c.nation.padEnd(4)} served ${count(c.base.served).padStart(9)} → ${count(c.other.served).padStart(9)} (${percent(c.base.served, c.base.need)} → ${percent(c.other.served, c.other.need)}), short ${signed(c.delta.shortfall)}, late ${signed(c.delta.lateness)} unit-months, cost ${BigInt(c.delta.cost) >= 0n ? '+' : ''}${formatMoney({ minor: BigInt(c.delta.cost), currency })}`;
  return [row(comparison.totals), ...comparison.nations.map(row)].join('\n');
}

/**
 * `qm plan [--scenario FILE] [--solver network|highs] [--from YYYY-MM] [--months N]`: without a
 * scenario, computes a plan of the store as it stands and keeps it; with one, compares the
 * scenario with that plan and keeps nothing.
 */
export async function planCommand(
  config: Config,
  options: { scenario?: string; solver: string; from?: string; months: string; json?: boolean },
): Promise<void> {
  const parsed = ZPlanRequest.safeParse({
    solver: options.solver,
    months: Number(options.months),
    ...(options.from === undefined ? {} : { firstMonth: options.from }),
  });
  if (!parsed.success) throw firstIssue(parsed.error, 'qm plan');
  const scenario =
    options.scenario === undefined ? undefined : await readBody(options.scenario, ZScenario);
  const now = systemClock.now();
  const horizon = {
    firstMonth: parsed.data.firstMonth ?? dayOf(now).slice(0, 7),
    months: parsed.data.months,
    currency: parsed.data.currency,
    day: dayOf(now),
  };
  const solver: Solver = parsed.data.solver;
  await withDatabase(config, scenario === undefined ? 'apply' : 'require', async ({ db }) => {
    if (scenario !== undefined) {
      const progress = stagesProgress(3);
      const tried = await whatIf(db, horizon, scenario, solver, progress.onStage).finally(
        progress.stop,
      );
      print(
        options.json === true,
        tried,
        [
          'what-if (nothing kept): base → scenario',
          comparisonText(tried.comparison, horizon.currency),
          '',
          'scenario:',
          summary(tried.scenario.input, tried.scenario.results),
        ].join('\n'),
      );
      return;
    }
    const progress = stagesProgress(3);
    const id = await runCommand({ db, clock: systemClock, projectors }, 'system:cli', (scope) =>
      computePlan(scope, horizon, solver, progress.onStage),
    ).finally(progress.stop);
    const plan = await findPlan(db, id);
    if (plan === undefined) throw new CliError(`plan ${id} was not kept`);
    print(
      options.json === true,
      plan,
      [
        `plan ${id} (${solver}, inputs at ledger seq ${plan.inputsAt})`,
        summary(plan.input, plan.results),
      ].join('\n'),
    );
  });
}

/** `qm plan list`: the stored plans, newest first. */
export async function listPlansCommand(config: Config, json: boolean): Promise<void> {
  await withDatabase(config, 'require', async ({ db }) => {
    const plans = await listPlans(db, 100);
    print(
      json,
      plans,
      plans.length === 0
        ? 'no plans'
        : plans
            .map(
              (p) =>
                `${p.id}  ${p.computedAt}  seq ${p.inputsAt}  ${p.solver.padEnd(7)} ${p.firstMonth} +${p.months}  ${count(Number(p.served))}/${count(Number(p.need))} served, ${formatMoney({ minor: p.cost, currency: p.currency })}`,
            )
            .join('\n'),
    );
  });
}

const planId = (id: string) => {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new CliError(`${id}: not a plan id`);
  return id;
};

/** `qm plan show ID`: one stored plan. */
export async function showPlanCommand(config: Config, id: string, json: boolean): Promise<void> {
  await withDatabase(config, 'require', async ({ db }) => {
    const plan = await findPlan(db, planId(id));
    if (plan === undefined) throw new CliError(`no plan ${id}`);
    print(
      json,
      plan,
      [
        `plan ${plan.id} (${plan.solver}, inputs at ledger seq ${plan.inputsAt})`,
        summary(plan.input, plan.results),
      ].join('\n'),
    );
  });
}

/** `qm plan compare BASE OTHER`: two stored plans, nation by nation. */
export async function comparePlansCommand(
  config: Config,
  base: string,
  other: string,
  json: boolean,
): Promise<void> {
  await withDatabase(config, 'require', async ({ db }) => {
    const [a, b] = [await findPlan(db, planId(base)), await findPlan(db, planId(other))];
    if (a === undefined) throw new CliError(`no plan ${base}`);
    if (b === undefined) throw new CliError(`no plan ${other}`);
    const comparison = comparePlans(a.results, b.results);
    print(json, comparison, comparisonText(comparison, a.input.currency));
  });
}

/** `qm plan recompute ID [--solver network|highs]`: a stored plan computed again from its input. */
export async function recomputePlanCommand(
  config: Config,
  id: string,
  options: { solver?: string; json?: boolean },
): Promise<void> {
  const parsed = ZSolver.optional().safeParse(options.solver);
  if (!parsed.success) throw firstIssue(parsed.error, 'qm plan recompute --solver');
  await withDatabase(config, 'require', async ({ db }) => {
    const plan = await findPlan(db, planId(id));
    if (plan === undefined) throw new CliError(`no plan ${id}`);
    const again = await recomputePlan(plan, parsed.data);
    const verdict = again.identical
      ? 'the same results, delivery by delivery'
      : again.sameTotals
        ? 'the same pool totals; deliveries differ (another of the equally good schedules)'
        : 'different results';
    print(
      options.json === true,
      again,
      [
        `plan ${plan.id} (inputs at ledger seq ${plan.inputsAt}) computed again by ${again.solver}: ${verdict}`,
        comparisonText(again.comparison, plan.input.currency),
      ].join('\n'),
    );
  });
}
