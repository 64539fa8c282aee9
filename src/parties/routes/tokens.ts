import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, signedIn } from '../../platform/access/enforce.ts';
import { actorOf } from '../../platform/access/policy.ts';
import { type CommandRuntime, runCommand } from '../../platform/command.ts';
import { PROBLEMS as problems } from '../../platform/http/problem.ts';
import { issueToken, revokeToken } from '../commands.ts';
import { findToken, listTokens } from '../queries.ts';
import { ZIssuedToken, ZNewToken, ZToken, ZTokenParams } from '../schema.ts';
import type { TokenHolders } from '../token-holders.ts';

/** API tokens: issue, list, revoke. */
export function tokenRoutes(runtime: CommandRuntime, holders: TokenHolders): FastifyPluginAsyncZod {
  const { db } = runtime;
  return async (app) => {
    app.get(
      '/tokens',
      {
        config: { access: access('token', 'read') },
        schema: {
          tags: ['access'],
          summary: 'API tokens: your own, or everyone’s for administrators and auditors',
          response: { 200: z.array(ZToken), ...problems },
        },
      },
      async (request) => {
        const principal = signedIn(request);
        return listTokens(db, request.reach === 'any' ? undefined : principal.userId);
      },
    );
    app.post(
      '/tokens',
      {
        config: {
          access: access('token', 'issue', async (request) =>
            request.principal.kind === 'user' ? { userId: request.principal.userId } : {},
          ),
        },
        schema: {
          tags: ['access'],
          summary: 'Issue yourself an API token (shown once)',
          body: ZNewToken,
          response: { 201: ZIssuedToken, ...problems },
        },
      },
      async (request, reply) => {
        const principal = signedIn(request);
        const { label, scopes, expiresInDays } = request.body;
        const issued = await runCommand(runtime, actorOf(principal), (scope) =>
          issueToken(scope, {
            userId: principal.userId,
            label,
            scopes,
            within: principal.roles,
            expiresAt: new Date(scope.now.getTime() + expiresInDays * 86_400_000),
          }),
        );
        return reply.code(201).send({ token: issued.token, bearer: issued.secret });
      },
    );
    app.delete(
      '/tokens/:id',
      {
        config: {
          access: access('token', 'revoke', async (request) => {
            const token = await findToken(db, (request.params as { id: string }).id);
            return token === undefined ? null : { userId: token.userId };
          }),
        },
        schema: {
          tags: ['access'],
          summary: 'Revoke an API token, at once',
          params: ZTokenParams,
          response: { 200: ZToken, ...problems },
        },
      },
      async (request) =>
        holders.whileChanging(() =>
          runCommand(runtime, actorOf(request.principal), (scope) =>
            revokeToken(scope, request.params.id),
          ),
        ),
    );
  };
}
