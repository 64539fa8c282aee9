import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CommandRuntime } from '../platform/command.ts';
import { itemRoutes } from './routes/items.ts';
import { nationRoutes } from './routes/nations.ts';
import { platformRoutes } from './routes/platforms.ts';

/** The catalogue over HTTP: items, platforms, compatibility and the views derived from them. */
export function catalogueRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(itemRoutes(runtime));
    await app.register(platformRoutes(runtime));
    await app.register(nationRoutes(runtime));
  };
}
