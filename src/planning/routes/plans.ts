import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, signedIn } from '../../platform/access/enforce.ts';
import { actorOf } from '../../platform/access/policy.ts';
import { dayOf } from '../../platform/clock.ts';
import { type CommandRuntime, runCommand } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { PROBLEMS as problems, ZProblem } from '../../platform/http/problem.ts';
import { computePlan } from '../commands/compute-plan.ts';
import { comparePlans } from '../compare.ts';
import type { Horizon } from '../plan-facts.ts';
import { findPlan, listPlans } from '../queries.ts';
import { recomputePlan } from '../recompute.ts';
import {
  shownComparison,
  shownPlan,
  shownResults,
  shownSummary,
  ZComparison,
  ZId,
  ZPlan,
  ZPlanRequest,
  ZPlanSummary,
  ZRecomputation,
  ZSolver,
  ZWhatIf,
  ZWhatIfRequest,
} from '../schema.ts';
import { whatIf } from '../what-if.ts';

const refusals = { ...problems, 422: ZProblem };

/** The nation a caller's results are narrowed to, none when its grant reaches every plan. */
const narrowedTo = (request: FastifyRequest) =>
  request.reach === 'any' ? undefined : signedIn(request).partyId;

/** Plans: the agency computes and keeps them, and tries scenarios; a nation reads its part. */
export function planRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  const { db } = runtime;
  const horizonOf = (request: z.output<typeof ZPlanRequest>): Horizon => {
    const now = runtime.clock.now();
    return {
      firstMonth: request.firstMonth ?? dayOf(now).slice(0, 7),
      months: request.months,
      currency: request.currency,
      day: dayOf(now),
    };
  };
  const stored = async (id: string) => {
    const plan = await findPlan(db, id);
    if (plan === undefined) throw new DomainError('NOT_FOUND', `No plan ${id}.`);
    return plan;
  };
  return async (app) => {
    app.get(
      '/plans',
      {
        config: { access: access('plan', 'read') },
        schema: {
          tags: ['planning'],
          summary: "Stored plans, newest first, with the pool's figures",
          querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(50) }),
          response: { 200: z.array(ZPlanSummary), ...problems },
        },
      },
      async (request) => (await listPlans(db, request.query.limit)).map(shownSummary),
    );
    app.post(
      '/plans',
      {
        config: { access: access('plan', 'compute') },
        schema: {
          tags: ['planning'],
          summary:
            'Compute a plan of deliveries from the call-offs, open demand and production lines as they stand, and keep it',
          body: ZPlanRequest,
          response: { 201: ZPlan, ...refusals },
        },
      },
      async (request, reply) => {
        const horizon = horizonOf(request.body);
        const id = await runCommand(runtime, actorOf(request.principal), (scope) =>
          computePlan(scope, horizon, request.body.solver),
        );
        return reply.code(201).send(shownPlan(await stored(id)));
      },
    );
    app.post(
      '/plans/what-if',
      {
        config: { access: access('plan', 'what-if') },
        schema: {
          tags: ['planning'],
          summary:
            'Try a scenario (capacity, priorities, substitution levels) against the plan as it stands; nothing is kept',
          body: ZWhatIfRequest,
          response: { 200: ZWhatIf, ...refusals },
        },
      },
      async (request) => {
        const tried = await whatIf(
          db,
          horizonOf(request.body),
          request.body.scenario,
          request.body.solver,
        );
        return {
          comparison: shownComparison(tried.comparison),
          base: shownResults(tried.base.input, tried.base.results),
          scenario: shownResults(tried.scenario.input, tried.scenario.results),
        };
      },
    );
    app.get(
      '/plans/:id',
      {
        config: { access: access('plan', 'read') },
        schema: {
          tags: ['planning'],
          summary:
            "One plan; a nation sees its own lines, shares and explanation beside the pool's totals",
          params: ZId,
          response: { 200: ZPlan, ...problems },
        },
      },
      async (request) => shownPlan(await stored(request.params.id), narrowedTo(request)),
    );
    app.get(
      '/plans/:id/comparison',
      {
        config: { access: access('plan', 'read') },
        schema: {
          tags: ['planning'],
          summary:
            'Two stored plans compared: units served, share of need, shortfall, lateness, cost',
          params: ZId,
          querystring: z.object({ with: z.uuid().describe('The other plan.') }),
          response: { 200: ZComparison, ...problems },
        },
      },
      async (request) => {
        const base = await stored(request.params.id);
        const other = await stored(request.query.with);
        return shownComparison(comparePlans(base.results, other.results), narrowedTo(request));
      },
    );
    app.get(
      '/plans/:id/recomputation',
      {
        config: { access: access('plan', 'recompute') },
        schema: {
          tags: ['planning'],
          summary:
            'Compute a stored plan again from the input it keeps, by its own solver or the other, and compare; nothing is kept',
          params: ZId,
          querystring: z.object({
            solver: ZSolver.optional().describe('By default the solver that made the plan.'),
          }),
          response: { 200: ZRecomputation, ...refusals },
        },
      },
      async (request) => {
        const plan = await stored(request.params.id);
        return recomputePlan(plan, request.query.solver);
      },
    );
  };
}
