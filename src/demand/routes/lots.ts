import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, signedIn } from '../../platform/access/enforce.ts';
import { dayOf } from '../../platform/clock.ts';
import type { CommandRuntime } from '../../platform/command.ts';
import { PROBLEMS as problems } from '../../platform/http/problem.ts';
import { lotSeenBy } from '../model/aggregation.ts';
import { proposedLots, sharingNations } from '../queries.ts';
import { PERIODS, shownLot, ZLot, ZLotQuery } from '../schema.ts';

/** Proposed lots: the pooled totals for every nation, the lines behind them as agreed. */
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
  };
}
