import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../platform/access/enforce.ts';
import { actorOf } from '../../platform/access/policy.ts';
import { type CommandRuntime, runCommand } from '../../platform/command.ts';
import { PROBLEMS as problems } from '../../platform/http/problem.ts';
import { setAcceptedLevelOf, setFleetCount } from '../commands.ts';
import { interoperabilityOf } from '../queries.ts';
import { ZAcceptedLevel, ZFleetCount, ZInteroperability, ZNation } from '../schema.ts';

/** Nations' fleets, accepted levels and interoperability. */
export function nationRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  const { db } = runtime;
  const nationOwner = async (request: FastifyRequest) => ({
    partyId: (request.params as { nation: string }).nation,
  });
  return async (app) => {
    app.put(
      '/nations/:nation/fleet/:platform',
      {
        config: { access: access('fleet', 'write', nationOwner) },
        schema: {
          tags: ['catalogue'],
          summary: 'How many of a platform a nation fields (0 removes it)',
          params: z.object({ nation: ZNation, platform: z.string().max(40) }),
          body: ZFleetCount,
          response: { 200: ZFleetCount, ...problems },
        },
      },
      async (request) => {
        const { nation, platform } = request.params;
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          setFleetCount(scope, nation, platform, request.body.count),
        );
        return request.body;
      },
    );
    app.put(
      '/nations/:nation/accepted-levels/:family',
      {
        config: { access: access('fleet', 'write', nationOwner) },
        schema: {
          tags: ['catalogue'],
          summary: 'The level a nation accepts for substitutes in a family',
          params: z.object({ nation: ZNation, family: z.string().min(1).max(80) }),
          body: ZAcceptedLevel,
          response: { 200: ZAcceptedLevel, ...problems },
        },
      },
      async (request) => {
        const { nation, family } = request.params;
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          setAcceptedLevelOf(scope, nation, family, request.body.level),
        );
        return request.body;
      },
    );
    app.get(
      '/nations/:nation/interoperability',
      {
        config: { access: access('fleet', 'read') },
        schema: {
          tags: ['catalogue'],
          summary:
            "A nation's interoperability for a family: the share of its fleet each item serves",
          params: z.object({ nation: ZNation }),
          querystring: z.object({ family: z.string().min(1).max(80) }),
          response: { 200: ZInteroperability, ...problems },
        },
      },
      async (request) => ({
        nation: request.params.nation,
        family: request.query.family,
        ...(await interoperabilityOf(db, request.params.nation, request.query.family)),
      }),
    );
  };
}
