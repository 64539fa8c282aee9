import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../platform/access/enforce.ts';
import { actorOf } from '../../platform/access/policy.ts';
import { type CommandRuntime, runCommand } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { PROBLEMS as problems } from '../../platform/http/problem.ts';
import { registerItem } from '../commands.ts';
import type { Item } from '../model/catalogue.ts';
import { isNsn, nsnPrefix, parseNsn } from '../model/nsn.ts';
import {
  assessmentsOf,
  findPlatform,
  platformsForItem,
  searchItems,
  substitutesFor,
} from '../queries.ts';
import {
  ZAssessment,
  ZItem,
  ZItemInput,
  ZItemSearch,
  ZLevelQuery,
  ZNation,
  ZPlatform,
  ZSubstitutes,
} from '../schema.ts';
import {
  mayReadRestricted,
  nsnOf,
  shown,
  visibleItem,
  ZNsnParams,
  ZPlatformParams,
} from './common.ts';

/** Items: search, one item, registration, and what fires or may replace it. */
export function itemRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  const { db } = runtime;
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
        const dashed = nsn === undefined ? undefined : nsnPrefix(nsn);
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
      async (request) => shown(await visibleItem(db, request, request.params.nsn)),
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
      async (request) => {
        const item = await visibleItem(db, request, request.params.nsn);
        return platformsForItem(db, item.nsn, request.query.level);
      },
    );
    app.get(
      '/catalogue/items/:nsn/platforms/:platform/history',
      {
        config: { access: access('catalogue', 'read') },
        schema: {
          tags: ['catalogue'],
          summary:
            'Every assessment of how an item fits a platform, oldest first: level, source, date, who and when',
          params: ZNsnParams.extend({ platform: ZPlatformParams.shape.id }),
          response: { 200: z.array(ZAssessment), ...problems },
        },
      },
      async (request) => {
        const { nsn, platform } = request.params;
        const item = await visibleItem(db, request, nsn);
        if ((await findPlatform(db, platform)) === undefined)
          throw new DomainError('NOT_FOUND', `No platform ${platform}.`);
        return assessmentsOf(db, item.nsn, platform);
      },
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
  };
}
