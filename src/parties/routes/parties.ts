import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../platform/access/enforce.ts';
import { actorOf } from '../../platform/access/policy.ts';
import { type CommandRuntime, runCommand } from '../../platform/command.ts';
import { PROBLEMS as problems, ZProblem } from '../../platform/http/problem.ts';
import { registerParty } from '../commands.ts';
import { findParty, listParties } from '../queries.ts';
import { ZNewParty, ZParty, ZPartyParams } from '../schema.ts';

/** The parties: nations, partner nations, the agency and suppliers. */
export function partyRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  const { db } = runtime;
  return async (app) => {
    app.get(
      '/parties',
      {
        config: { access: access('party', 'read') },
        schema: {
          tags: ['parties'],
          summary: 'Every party',
          response: { 200: z.array(ZParty), ...problems },
        },
      },
      async () => listParties(db),
    );
    app.get(
      '/parties/:id',
      {
        config: {
          access: access('party', 'read', async (request) => {
            const { id } = request.params as { id: string };
            return (await findParty(db, id)) === undefined ? null : { partyId: id };
          }),
        },
        schema: {
          tags: ['parties'],
          summary: 'One party',
          params: ZPartyParams,
          response: { 200: ZParty, ...problems },
        },
      },
      async (request) => findParty(db, request.params.id),
    );
    app.post(
      '/parties',
      {
        config: { access: access('party', 'create') },
        schema: {
          tags: ['parties'],
          summary: 'Register a nation, partner nation, agency or supplier',
          body: ZNewParty,
          response: { 201: ZParty, ...problems, 409: ZProblem },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const party = await runCommand(runtime, actorOf(request.principal), (scope) =>
          registerParty(scope, {
            id: body.id,
            kind: body.kind,
            name: body.name,
            iso3: body.iso3 ?? null,
            ncbCode: body.ncbCode ?? null,
            ncage: body.ncage ?? null,
            country: body.country ?? null,
            groups: body.groups,
          }),
        );
        return reply.code(201).send(party);
      },
    );
  };
}
