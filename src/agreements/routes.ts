import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CommandRuntime } from '../platform/command.ts';
import { agreementRoutes } from './routes/agreements.ts';
import { callOffRoutes } from './routes/call-offs.ts';

/** Framework agreements and their call-offs over HTTP. */
export function agreementsRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(agreementRoutes(runtime));
    await app.register(callOffRoutes(runtime));
  };
}
