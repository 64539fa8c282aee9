import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../platform/access/enforce.ts';
import { actorOf } from '../platform/access/policy.ts';
import { type CommandRuntime, runCommand } from '../platform/command.ts';
import { PROBLEMS as problems } from '../platform/http/problem.ts';
import { publishRates } from './commands.ts';
import { ZRate, ZRatesInput } from './schema.ts';
import { listRates } from './store.ts';

/** Exchange rates: public facts that call-offs in another currency are converted at. */
export function ratesRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  const { db } = runtime;
  return async (app) => {
    app.get(
      '/exchange-rates',
      {
        config: { access: access('exchange-rate', 'read') },
        schema: {
          tags: ['exchange rates'],
          summary: 'Published exchange rates, newest first',
          querystring: z.object({
            currency: z
              .string()
              .regex(/^[A-Z]{3}$/)
              .optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          }),
          response: { 200: z.array(ZRate), ...problems },
        },
      },
      async (request) => {
        const { currency, limit } = request.query;
        return listRates(db, { ...(currency === undefined ? {} : { currency }), limit });
      },
    );
    app.post(
      '/exchange-rates',
      {
        config: { access: access('exchange-rate', 'write') },
        schema: {
          tags: ['exchange rates'],
          summary: 'Publish rates; a rate already known as it is changes nothing',
          body: ZRatesInput,
          response: { 200: z.object({ published: z.number() }), ...problems },
        },
      },
      async (request) => {
        const published = await runCommand(runtime, actorOf(request.principal), (scope) =>
          publishRates(scope, request.body.rates, request.body.source),
        );
        return { published };
      },
    );
  };
}
