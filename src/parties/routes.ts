import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CommandRuntime } from '../platform/command.ts';
import { partyRoutes } from './routes/parties.ts';
import { sessionRoutes } from './routes/sessions.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { userRoutes } from './routes/users.ts';
import type { SecurityLog } from './sign-in.ts';
import type { TokenHolders } from './token-holders.ts';

/** Sessions, parties, users and API tokens over HTTP. */
export function partiesRoutes(
  runtime: CommandRuntime,
  securityLog: SecurityLog,
  holders: TokenHolders,
): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(sessionRoutes(runtime, securityLog));
    await app.register(partyRoutes(runtime));
    await app.register(userRoutes(runtime, holders));
    await app.register(tokenRoutes(runtime, holders));
  };
}
