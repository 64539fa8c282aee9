import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../platform/access/enforce.ts';
import { actorOf } from '../../platform/access/policy.ts';
import { type CommandRuntime, runCommand } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { PROBLEMS as problems } from '../../platform/http/problem.ts';
import { assessCompatibility, registerPlatform } from '../commands.ts';
import { findPlatform, groupsOfFamily, itemsForPlatform, listPlatforms } from '../queries.ts';
import { ZCompatibility, ZItem, ZLevelQuery, ZPlatform, ZPlatformInput } from '../schema.ts';
import { mayReadRestricted, nsnOf, shown, ZPlatformParams } from './common.ts';

/** Platforms, compatibility edges and interchangeable groups. */
export function platformRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  const { db } = runtime;
  return async (app) => {
    app.get(
      '/catalogue/platforms',
      {
        config: { access: access('catalogue', 'read') },
        schema: {
          tags: ['catalogue'],
          summary: 'Every weapon platform',
          response: { 200: z.array(ZPlatform), ...problems },
        },
      },
      async () => listPlatforms(db),
    );
    app.get(
      '/catalogue/platforms/:id',
      {
        config: { access: access('catalogue', 'read') },
        schema: {
          tags: ['catalogue'],
          summary: 'One platform',
          params: ZPlatformParams,
          response: { 200: ZPlatform, ...problems },
        },
      },
      async (request) => {
        const platform = await findPlatform(db, request.params.id);
        if (platform === undefined)
          throw new DomainError('NOT_FOUND', `No platform ${request.params.id}.`);
        return platform;
      },
    );
    app.put(
      '/catalogue/platforms/:id',
      {
        config: { access: access('catalogue', 'write') },
        schema: {
          tags: ['catalogue'],
          summary: 'Register a platform, or revise it',
          params: ZPlatformParams,
          body: ZPlatformInput,
          response: { 200: ZPlatform, ...problems },
        },
      },
      async (request) =>
        runCommand(runtime, actorOf(request.principal), (scope) =>
          registerPlatform(scope, { id: request.params.id, ...request.body }),
        ),
    );
    app.get(
      '/catalogue/platforms/:id/items',
      {
        config: { access: access('catalogue', 'read') },
        schema: {
          tags: ['catalogue'],
          summary: 'What a platform can fire at a level or better',
          params: ZPlatformParams,
          querystring: ZLevelQuery,
          response: { 200: z.array(ZItem), ...problems },
        },
      },
      async (request) => {
        const items = await itemsForPlatform(db, request.params.id, request.query.level);
        return items.filter((i) => !i.restricted || mayReadRestricted(request)).map(shown);
      },
    );
    app.put(
      '/catalogue/compatibility',
      {
        config: { access: access('catalogue', 'write') },
        schema: {
          tags: ['catalogue'],
          summary:
            'Record how an item fits a platform (the previous assessment stays in the ledger)',
          body: ZCompatibility,
          response: { 200: ZCompatibility, ...problems },
        },
      },
      async (request) => {
        const edge = { ...request.body, nsn: nsnOf(request.body.nsn) };
        return runCommand(runtime, actorOf(request.principal), (scope) =>
          assessCompatibility(scope, edge),
        );
      },
    );
    app.get(
      '/catalogue/groups',
      {
        config: { access: access('catalogue', 'read') },
        schema: {
          tags: ['catalogue'],
          summary: 'Interchangeable groups of a family: items that serve the same platforms',
          querystring: z.object({
            family: z.string().min(1).max(80),
            level: ZLevelQuery.shape.level,
          }),
          response: { 200: z.array(z.array(z.string())), ...problems },
        },
      },
      async (request) => groupsOfFamily(db, request.query.family, request.query.level),
    );
  };
}
