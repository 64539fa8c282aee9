import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, signedIn } from '../../platform/access/enforce.ts';
import { actorOf } from '../../platform/access/policy.ts';
import { dayOf } from '../../platform/clock.ts';
import { type CommandRuntime, runCommand } from '../../platform/command.ts';
import { PROBLEMS as problems, ZProblem } from '../../platform/http/problem.ts';
import { tenderInputOf, ZTenderInput } from '../../tenders/schema.ts';
import { tenderFromLots } from '../commands.ts';
import { lotSeenBy } from '../model/aggregation.ts';
import { proposedLots, sharingNations } from '../queries.ts';
import { PERIODS, shownLot, ZLot, ZLotQuery } from '../schema.ts';

/** A tender drafted from proposed lots: the tender's terms, and each lot's beside the one it tenders. */
const ZTenderFromLots = ZTenderInput.omit({ lots: true }).extend({
  period: ZLotQuery.shape.period,
  lots: z
    .array(
      ZTenderInput.shape.lots.element
        .omit({ items: true, quantity: true, nations: true })
        .extend({ proposed: z.string().min(1).max(1000) }),
    )
    .min(1)
    .max(20),
});

/**
 * Proposed lots: the pooled totals for every nation, the lines behind them as agreed; and the
 * tender an agency officer drafts from them.
 */
export function lotRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  const { db } = runtime;
  return async (app) => {
    app.get(
      '/demand/lots',
      {
        config: { access: access('demand-line', 'read') },
        schema: {
          tags: ['demand'],
          summary:
            "Open signals pooled into proposed lots, with the tiers their volume unlocks; a nation sees the others' parts only when all of a lot agreed to share",
          querystring: ZLotQuery,
          response: { 200: z.array(ZLot), ...problems },
        },
      },
      async (request) => {
        const lots = await proposedLots(db, {
          day: dayOf(runtime.clock.now()),
          periodMonths: PERIODS[request.query.period],
        });
        if (request.reach === 'any') return lots.map((lot) => shownLot({ ...lot, hidden: null }));
        const nation = signedIn(request).partyId;
        const sharing = await sharingNations(db);
        return lots.map((lot) => shownLot(lotSeenBy(lot, nation, sharing)));
      },
    );
    app.post(
      '/demand/lots/tender',
      {
        config: { access: access('tender', 'write') },
        schema: {
          tags: ['demand', 'tenders'],
          summary:
            "Draft a tender from proposed lots: each lot's items, pooled quantity and nations from the open signals, its terms from the body",
          body: ZTenderFromLots,
          response: { 201: z.object({ id: z.string() }), ...problems, 422: ZProblem },
        },
      },
      async (request, reply) => {
        const { period, lots, ...tender } = request.body;
        const { lots: _none, ...terms } = tenderInputOf({ ...tender, lots: [] });
        const id = await runCommand(runtime, actorOf(signedIn(request)), (scope) =>
          tenderFromLots(scope, {
            periodMonths: PERIODS[period],
            tender: terms,
            lots,
          }),
        );
        return reply.code(201).send({ id });
      },
    );
  };
}
