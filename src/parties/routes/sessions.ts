import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, signedIn } from '../../platform/access/enforce.ts';
import type { CommandRuntime } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { PROBLEMS as problems, ZProblem } from '../../platform/http/problem.ts';
import { findUser } from '../queries.ts';
import { ZSession, ZSignIn } from '../schema.ts';
import { cookieValue, SESSION_COOKIE, type SecurityLog, signIn, signOut } from '../sign-in.ts';

function sessionCookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

/** Signing in and out, and who you are. */
export function sessionRoutes(
  runtime: CommandRuntime,
  securityLog: SecurityLog,
): FastifyPluginAsyncZod {
  const { db } = runtime;
  return async (app) => {
    app.post(
      '/sessions',
      {
        config: { access: access('session', 'create') },
        schema: {
          tags: ['access'],
          summary:
            'Sign in: sets an HttpOnly session cookie and returns the CSRF token for changes',
          body: ZSignIn,
          response: { 200: ZSession, ...problems, 429: ZProblem },
        },
      },
      async (request, reply) => {
        const session = await signIn(db, runtime.clock, securityLog, {
          ...request.body,
          address: request.ip,
        });
        const maxAge = Math.floor(
          (session.expiresAt.getTime() - runtime.clock.now().getTime()) / 1000,
        );
        reply.header('set-cookie', sessionCookie(request, session.cookie, maxAge));
        return {
          user: session.user,
          via: 'session' as const,
          roles: session.user.roles,
          csrfToken: session.csrfToken,
          expiresAt: session.expiresAt.toISOString(),
        };
      },
    );
    app.get(
      '/sessions/current',
      {
        config: { access: access('session', 'read') },
        schema: {
          tags: ['access'],
          summary: 'Who you are signed in as',
          response: { 200: ZSession, ...problems },
        },
      },
      async (request) => {
        const principal = signedIn(request);
        const user = await findUser(db, principal.userId);
        if (user === undefined)
          throw new DomainError('UNAUTHENTICATED', 'Your user no longer exists.');
        return { user, via: principal.via, roles: [...principal.roles] };
      },
    );
    app.delete(
      '/sessions/current',
      {
        config: { access: access('session', 'delete') },
        schema: { tags: ['access'], summary: 'Sign out', response: { 204: z.null(), ...problems } },
      },
      async (request, reply) => {
        await signOut(db, cookieValue(request, SESSION_COOKIE));
        reply.header('set-cookie', sessionCookie(request, '', 0));
        return reply.code(204).send(null);
      },
    );
  };
}
