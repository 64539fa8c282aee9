import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CommandRuntime } from '../platform/command.ts';
import { bidRoutes } from './routes/bids.ts';
import { evaluationRoutes } from './routes/evaluation.ts';
import { tenderRoutes } from './routes/tenders.ts';

/** Tenders, their sealed bids, evaluation and award over HTTP. */
export function tendersRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(tenderRoutes(runtime));
    await app.register(bidRoutes(runtime));
    await app.register(evaluationRoutes(runtime));
  };
}
