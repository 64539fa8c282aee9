import { z } from 'zod';
import { ZNsnInput } from '../catalogue/schema.ts';
import type { Capacity, RampUpInput } from './commands/lines.ts';
import type { Comparison } from './compare.ts';
import type { StoredInput, StoredResults } from './events.ts';
import { effectiveFrom, monthIndex, monthOf, type ProductionLine } from './production-line.ts';
import type { PlanSummary, StoredPlan } from './queries.ts';

const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');
const ZParty = z.string().regex(/^[A-Z0-9]{1,16}$/, 'a party id');
const ZUnits = z.number().int().min(0).max(1_000_000_000);

/** Who solves a plan: the network allocator (ours) or HiGHS (the reference). */
export const ZSolver = z.enum(['network', 'highs']);

export const ZId = z.object({ id: z.uuid() });

/** A production line as entered: a supplier's monthly capacity for an item from a month. */
export const ZLineInput = z.object({
  supplier: ZParty.describe('The supplier, by its party id (NCAGE).'),
  nsn: ZNsnInput,
  monthlyCapacity: ZUnits.describe('Units a month, before any ramp-up.'),
  from: ZMonth.describe('The first month the line produces.'),
});

export const capacityOf = (body: z.output<typeof ZLineInput>): Capacity => ({
  ...body,
  monthlyCapacity: BigInt(body.monthlyCapacity),
});

/** A ramp-up as decided: more units a month, after a lead time from the decision month. */
export const ZRampUpInput = z.object({
  addedPerMonth: ZUnits.min(1),
  decidedIn: ZMonth.describe('The month the investment was decided.'),
  leadMonths: z.number().int().min(0).max(120).describe('Months until the capacity is there.'),
  note: z.string().trim().min(1).max(500).describe('What the investment is, for the record.'),
});

export const rampUpOf = (body: z.output<typeof ZRampUpInput>): RampUpInput => ({
  ...body,
  addedPerMonth: BigInt(body.addedPerMonth),
});

export const ZLineQuery = z.object({
  supplier: ZParty.optional(),
  nsn: ZNsnInput.optional(),
});

/** A production line as the API shows it, with its ramp-ups and when each takes effect. */
export const ZLine = z
  .object({
    id: z.uuid(),
    supplier: z.string(),
    nsn: z.string(),
    monthlyCapacity: z.number(),
    from: z.string(),
    rampUps: z.array(
      z.object({
        id: z.uuid(),
        addedPerMonth: z.number(),
        decidedIn: z.string(),
        leadMonths: z.number(),
        effectiveFrom: z.string(),
        note: z.string(),
      }),
    ),
  })
  .meta({ id: 'ProductionLine' });

export function shownLine(line: ProductionLine): z.infer<typeof ZLine> {
  return {
    ...line,
    monthlyCapacity: Number(line.monthlyCapacity),
    rampUps: line.rampUps.map((r) => ({
      ...r,
      addedPerMonth: Number(r.addedPerMonth),
      effectiveFrom: effectiveFrom(r),
    })),
  };
}

const ZFigures = {
  need: z.number(),
  served: z.number(),
  shortfall: z.number(),
  lateness: z.number().describe('Unit-months late.'),
  cost: z.string().describe("Minor units of the plan's currency, as a string of digits."),
};

/** The results of a plan, as a caller may see them. */
const ZResults = z.object({
  totals: z.object(ZFigures).describe('The pool: every line of every nation.'),
  lines: z.array(
    z.object({
      kind: z.enum(['call-off', 'demand']),
      id: z.string().describe('The call-off or demand signal.'),
      nation: z.string(),
      nsn: z.string().nullable(),
      family: z.string(),
      priority: z.number().describe('1: firm call-offs, 2: firm demand, 3: indicative demand.'),
      quantity: z.number(),
      due: ZMonth,
      ...ZFigures,
      deliveries: z.array(
        z.object({ month: ZMonth, supplier: z.string(), item: z.string(), units: z.number() }),
      ),
    }),
  ),
  nations: z.array(
    z.object({
      nation: z.string(),
      ...ZFigures,
      months: z.array(z.object({ month: ZMonth, units: z.number() })),
    }),
  ),
  shares: z.array(
    z.object({
      nation: z.string(),
      priority: z.number(),
      need: z.number(),
      served: z.string().describe('Units at the exact fair share: a fraction n/d or whole.'),
    }),
  ),
  explanations: z.array(z.object({ nation: z.string(), sentence: z.string() })),
  capacityAdditions: z
    .array(
      z.object({
        priority: z.number(),
        supplier: z.string(),
        item: z.string(),
        month: ZMonth,
        units: z.number(),
        dualPrice: z.string(),
      }),
    )
    .nullable()
    .describe('The smallest capacity additions that close the shortfall; null when not computed.'),
});

/** A stored plan as the API shows it. */
export const ZPlan = ZResults.extend({
  id: z.uuid(),
  computedAt: z.string(),
  computedBy: z.string(),
  inputsAt: z.string().describe("The ledger's head seq when the inputs were read."),
  solver: ZSolver,
  firstMonth: ZMonth,
  months: z.number(),
  currency: z.string(),
}).meta({ id: 'Plan' });

/**
 * Results as a caller sees them: everything for the agency; for a nation its own lines, figures,
 * shares and explanation beside the pool's totals.
 */
export function shownResults(
  input: StoredInput,
  results: StoredResults,
  nation?: string,
): z.infer<typeof ZResults> {
  const first = monthIndex(input.firstMonth);
  const mine = (n: string) => nation === undefined || n === nation;
  return {
    totals: results.totals,
    lines: results.lines.flatMap((line) => {
      const asked = input.lines[line.index];
      if (asked === undefined || !mine(asked.nation)) return [];
      const { options: _options, due, priority, index: _index, ...rest } = { ...asked, ...line };
      return [{ ...rest, priority: priority + 1, due: monthOf(first + due) }];
    }),
    nations: results.nations.filter((n) => mine(n.nation)),
    shares: results.shares
      .filter((s) => mine(s.nation))
      .map((s) => ({ ...s, priority: s.priority + 1 })),
    explanations: results.explanations.filter((e) => mine(e.nation)),
    capacityAdditions:
      nation === undefined
        ? results.capacityAdditions
        : (results.capacityAdditions?.map((a) => ({ ...a, priority: a.priority + 1 })) ?? null),
  };
}

export function shownPlan(plan: StoredPlan, nation?: string): z.infer<typeof ZPlan> {
  return {
    id: plan.id,
    computedAt: plan.computedAt,
    computedBy: plan.computedBy,
    inputsAt: plan.inputsAt.toString(),
    solver: plan.solver,
    firstMonth: plan.input.firstMonth,
    months: plan.input.months,
    currency: plan.input.currency,
    ...shownResults(plan.input, plan.results, nation),
  };
}

/** A plan in a list: when, from where, and the pool's figures. */
export const ZPlanSummary = z
  .object({
    id: z.uuid(),
    computedAt: z.string(),
    inputsAt: z.string(),
    solver: ZSolver,
    firstMonth: ZMonth,
    months: z.number(),
    currency: z.string(),
    need: z.number(),
    served: z.number(),
    lateness: z.number(),
    cost: z.string(),
  })
  .meta({ id: 'PlanSummary' });

export const shownSummary = (s: PlanSummary): z.infer<typeof ZPlanSummary> => ({
  ...s,
  inputsAt: s.inputsAt.toString(),
  need: Number(s.need),
  served: Number(s.served),
  lateness: Number(s.lateness),
  cost: s.cost.toString(),
});

/** What a plan covers and how it is solved; by default 24 months from the current one, in EUR. */
export const ZPlanRequest = z.object({
  solver: ZSolver.default('network'),
  firstMonth: ZMonth.optional().describe('The first month planned; by default the current one.'),
  months: z.number().int().min(1).max(120).default(24),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code')
    .default('EUR'),
});

/** A scenario: capacity, priority and substitution level changes to try against the plan. */
export const ZScenario = z.object({
  capacity: z
    .array(
      z.object({
        supplier: ZParty,
        nsn: ZNsnInput,
        from: ZMonth,
        units: z
          .number()
          .int()
          .min(-1_000_000_000)
          .max(1_000_000_000)
          .describe('Units a month added from `from` on; negative takes capacity away.'),
      }),
    )
    .max(1000)
    .default([]),
  priorities: z
    .array(
      z.object({
        nation: ZParty.optional(),
        nsn: ZNsnInput.optional(),
        kind: z.enum(['call-off', 'demand']).optional(),
        priority: z.number().int().min(1).max(3).describe('The class the lines move to.'),
      }),
    )
    .max(1000)
    .default([]),
  levels: z
    .array(
      z.object({
        nation: ZParty,
        family: z.string().min(1),
        level: z.enum(['qualified', 'compatible-unqualified']),
      }),
    )
    .max(1000)
    .default([]),
});

export const ZWhatIfRequest = ZPlanRequest.extend({ scenario: ZScenario });

const ZSide = z.object({ ...ZFigures, share: z.number() });
const ZCompared = z.object({
  nation: z.string(),
  base: ZSide,
  other: ZSide,
  delta: z.object({
    served: z.number(),
    shortfall: z.number(),
    lateness: z.number(),
    cost: z.string(),
  }),
});

/** Two plans compared, for the pool and each nation the caller may see. */
export const ZComparison = z
  .object({ totals: ZCompared, nations: z.array(ZCompared) })
  .meta({ id: 'PlanComparison' });

/** A stored plan computed again from its input. */
export const ZRecomputation = z
  .object({
    solver: ZSolver,
    identical: z
      .boolean()
      .describe('Every result the same: each delivery, share, sentence and capacity addition.'),
    sameTotals: z
      .boolean()
      .describe("The pool's need, units served, shortfall, lateness and cost the same."),
    comparison: ZComparison.describe('The stored results (base) beside the recomputed (other).'),
  })
  .meta({ id: 'PlanRecomputation' });

/** The comparison a caller may see: a nation its own row beside the pool's. */
export function shownComparison(
  comparison: { totals: Comparison; nations: Comparison[] },
  nation?: string,
): z.infer<typeof ZComparison> {
  return {
    totals: comparison.totals,
    nations: comparison.nations.filter((n) => nation === undefined || n.nation === nation),
  };
}

export const ZWhatIf = z
  .object({ comparison: ZComparison, base: ZResults, scenario: ZResults })
  .meta({ id: 'WhatIf' });
