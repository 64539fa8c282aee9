import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, signedIn } from '../../platform/access/enforce.ts';
import { actorOf } from '../../platform/access/policy.ts';
import { type CommandRuntime, runCommand } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { PROBLEMS as problems, ZProblem } from '../../platform/http/problem.ts';
import { addLine, decideRampUp } from '../commands/lines.ts';
import { findLine, listLines, supplierOfLine } from '../queries.ts';
import {
  capacityOf,
  rampUpOf,
  shownLine,
  ZId,
  ZLine,
  ZLineInput,
  ZLineQuery,
  ZRampUpInput,
} from '../schema.ts';

const refusals = { ...problems, 409: ZProblem };

/** The supplier a body names: the owner a supplier writes for. */
const bodySupplier = async (request: FastifyRequest) => ({
  partyId: (request.body as { supplier?: string } | undefined)?.supplier ?? '',
});

/** Production lines: the agency enters any, a supplier its own; a supplier sees only its own. */
export function lineRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  const { db } = runtime;
  const lineOwner = async (request: FastifyRequest) => {
    const { id } = request.params as { id: string };
    const supplier = ZId.safeParse({ id }).success ? await supplierOfLine(db, id) : undefined;
    return supplier === undefined ? null : { partyId: supplier };
  };
  const shown = async (id: string) => {
    const line = await findLine(db, id);
    if (line === undefined) throw new DomainError('NOT_FOUND', `No production line ${id}.`);
    return shownLine(line);
  };
  return async (app) => {
    app.get(
      '/production-lines',
      {
        config: { access: access('production-line', 'read') },
        schema: {
          tags: ['planning'],
          summary: 'Production lines by supplier and item; a supplier sees only its own',
          querystring: ZLineQuery,
          response: { 200: z.array(ZLine), ...problems },
        },
      },
      async (request) => {
        const { supplier, nsn } = request.query;
        const own = request.reach === 'any' ? supplier : signedIn(request).partyId;
        const lines = await listLines(db, {
          ...(own === undefined ? {} : { supplier: own }),
          ...(nsn === undefined ? {} : { nsn }),
        });
        return lines.map(shownLine);
      },
    );
    app.post(
      '/production-lines',
      {
        config: { access: access('production-line', 'write', bodySupplier) },
        schema: {
          tags: ['planning'],
          summary: "Enter a supplier's monthly capacity for an item from a month",
          body: ZLineInput,
          response: { 201: ZLine, ...refusals },
        },
      },
      async (request, reply) => {
        const id = await runCommand(runtime, actorOf(request.principal), (scope) =>
          addLine(scope, capacityOf(request.body)),
        );
        return reply.code(201).send(await shown(id));
      },
    );
    app.get(
      '/production-lines/:id',
      {
        config: { access: access('production-line', 'read', lineOwner) },
        schema: {
          tags: ['planning'],
          summary: 'One production line and its ramp-ups',
          params: ZId,
          response: { 200: ZLine, ...problems },
        },
      },
      async (request) => shown(request.params.id),
    );
    app.post(
      '/production-lines/:id/ramp-ups',
      {
        config: { access: access('production-line', 'write', lineOwner) },
        schema: {
          tags: ['planning'],
          summary: 'Record an investment that adds capacity after a lead time',
          params: ZId,
          body: ZRampUpInput,
          response: { 201: ZLine, ...refusals },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          decideRampUp(scope, id, rampUpOf(request.body)),
        );
        return reply.code(201).send(await shown(id));
      },
    );
  };
}
