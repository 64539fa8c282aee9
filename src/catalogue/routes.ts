import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../platform/access/enforce.ts';
import { decide, type Principal } from '../platform/access/policy.ts';
import { type CommandRuntime, runCommand } from '../platform/command.ts';
import { DomainError } from '../platform/errors.ts';
import { ZProblem } from '../platform/http/problem.ts';
import {
  assessCompatibility,
  registerItem,
  registerPlatform,
  setAcceptedLevelOf,
  setFleetCount,
} from './commands.ts';
import type { Item } from './model/catalogue.ts';
import { isNsn, parseNsn } from './model/nsn.ts';
import {
  findItem,
  findPlatform,
  groupsOfFamily,
  interoperabilityOf,
  itemsForPlatform,
  listPlatforms,
  platformsForItem,
  searchItems,
  substitutesFor,
} from './queries.ts';
import {
  ZAcceptedLevel,
  ZCompatibility,
  ZFleetCount,
  ZInteroperability,
  ZItem,
  ZItemInput,
  ZItemSearch,
  ZLevelQuery,
  ZNation,
  ZPlatform,
  ZPlatformInput,
  ZSubstitutes,
} from './schema.ts';

const problems = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem } as const;

function shown(item: Item) {
  return {
    ...item,
    referencePrice:
      item.referencePrice === null
        ? null
        : { minor: item.referencePrice.minor.toString(), currency: item.referencePrice.currency },
  };
}

function actorOf(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.userId}` : 'public';
}

const mayReadRestricted = (request: FastifyRequest) =>
  decide(request.principal, 'restricted-catalogue', 'read').allowed;

/** The NSN of a path, in canonical form, or a 400 naming the path parameter. */
function nsnOf(text: string): string {
  const parsed = parseNsn(text);
  if (!isNsn(parsed))
    throw new DomainError('VALIDATION_FAILED', `params.nsn: ${parsed.reason}.`, [
      { path: 'params.nsn', message: parsed.reason },
    ]);
  return parsed.canonical;
}

const ZNsnParams = z.object({ nsn: z.string().max(20) });
const ZPlatformParams = z.object({
  id: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, 'letters, digits, dots, dashes'),
});

/** The catalogue over HTTP: items, platforms, compatibility and the views derived from them. */
export function catalogueRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  const { db } = runtime;
  const nationOwner = async (request: FastifyRequest) => ({
    partyId: (request.params as { nation: string }).nation,
  });
  return async (app) => {
    app.get(
      '/catalogue/items',
      {
        config: { access: access('catalogue', 'read') },
        schema: {
          tags: ['catalogue'],
          summary:
            'Search items by NSN or its beginning, supply class, family and words of the name',
          querystring: ZItemSearch,
          response: { 200: z.array(ZItem), ...problems },
        },
      },
      async (request) => {
        const { nsn, supplyClass, family, q, limit, offset } = request.query;
        const prefix = nsn?.trim().toUpperCase().replaceAll('-', '');
        const dashed =
          prefix === undefined
            ? undefined
            : [prefix.slice(0, 4), prefix.slice(4, 6), prefix.slice(6, 9), prefix.slice(9)]
                .filter(Boolean)
                .join('-');
        const items = await searchItems(db, {
          ...(dashed === undefined ? {} : { nsnPrefix: dashed }),
          ...(supplyClass === undefined ? {} : { supplyClass }),
          ...(family === undefined ? {} : { family }),
          ...(q === undefined ? {} : { text: q }),
          includeRestricted: mayReadRestricted(request),
          limit,
          offset,
        });
        return items.map(shown);
      },
    );

    app.get(
      '/catalogue/items/:nsn',
      {
        config: { access: access('catalogue', 'read') },
        schema: {
          tags: ['catalogue'],
          summary: 'One item',
          params: ZNsnParams,
          response: { 200: ZItem, ...problems },
        },
      },
      async (request) => {
        const item = await findItem(db, nsnOf(request.params.nsn));
        if (item === undefined || (item.restricted && !mayReadRestricted(request))) {
          throw new DomainError('NOT_FOUND', `No item ${request.params.nsn}.`);
        }
        return shown(item);
      },
    );

    app.put(
      '/catalogue/items/:nsn',
      {
        config: { access: access('catalogue', 'write') },
        schema: {
          tags: ['catalogue'],
          summary: 'Register an item, or revise it',
          params: ZNsnParams,
          body: ZItemInput,
          response: { 200: ZItem, ...problems },
        },
      },
      async (request) => {
        const parsed = parseNsn(request.params.nsn);
        if (!isNsn(parsed)) {
          throw new DomainError('VALIDATION_FAILED', `params.nsn: ${parsed.reason}.`, [
            { path: 'params.nsn', message: parsed.reason },
          ]);
        }
        const body = request.body;
        const item: Item = {
          nsn: parsed.canonical,
          supplyClass: parsed.supplyClass,
          ncb: parsed.ncb,
          ...body,
          referencePrice:
            body.referencePrice === null
              ? null
              : {
                  minor: BigInt(body.referencePrice.minor),
                  currency: body.referencePrice.currency,
                },
        };
        await runCommand(runtime, actorOf(request.principal), (scope) => registerItem(scope, item));
        return shown(item);
      },
    );

    app.get(
      '/catalogue/items/:nsn/platforms',
      {
        config: { access: access('catalogue', 'read') },
        schema: {
          tags: ['catalogue'],
          summary: 'The platforms that can fire an item at a level or better',
          params: ZNsnParams,
          querystring: ZLevelQuery,
          response: { 200: z.array(ZPlatform), ...problems },
        },
      },
      async (request) => platformsForItem(db, nsnOf(request.params.nsn), request.query.level),
    );

    app.get(
      '/catalogue/items/:nsn/substitutes',
      {
        config: { access: access('fleet', 'read') },
        schema: {
          tags: ['catalogue'],
          summary:
            "What may stand in for an item on a nation's line, at the level the nation accepts",
          params: ZNsnParams,
          querystring: z.object({ nation: ZNation, platform: z.string().max(40).optional() }),
          response: { 200: ZSubstitutes, ...problems },
        },
      },
      async (request) => {
        const found = await substitutesFor(db, {
          nation: request.query.nation,
          nsn: nsnOf(request.params.nsn),
          ...(request.query.platform === undefined ? {} : { platform: request.query.platform }),
        });
        if (found === undefined)
          throw new DomainError('NOT_FOUND', `No item ${request.params.nsn}.`);
        return { ...found, items: found.items.map(shown) };
      },
    );

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
