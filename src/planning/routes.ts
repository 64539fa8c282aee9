import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CommandRuntime } from '../platform/command.ts';
import { capacityFileRoutes } from './routes/files.ts';
import { lineRoutes } from './routes/lines.ts';
import { planRoutes } from './routes/plans.ts';

/** Production lines and the plans computed over them. */
export function planningRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(lineRoutes(runtime));
    await app.register(capacityFileRoutes(runtime));
    await app.register(planRoutes(runtime));
  };
}
