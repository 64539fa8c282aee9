import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CommandRuntime } from '../platform/command.ts';
import { signalFileRoutes } from './routes/files.ts';
import { lotRoutes } from './routes/lots.ts';
import { signalRoutes } from './routes/signals.ts';

/** Demand signals over HTTP and as spreadsheets, and the lots they pool into. */
export function demandRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(signalRoutes(runtime));
    await app.register(signalFileRoutes(runtime));
    await app.register(lotRoutes(runtime));
  };
}
