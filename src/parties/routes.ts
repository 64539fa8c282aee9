import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../platform/access/enforce.ts';
import type { Principal } from '../platform/access/policy.ts';
import { type CommandRuntime, runCommand } from '../platform/command.ts';
import { DomainError } from '../platform/errors.ts';
import { ZProblem } from '../platform/http/problem.ts';
import {
  changePassword,
  changeRoles,
  createUser,
  issueToken,
  registerParty,
  revokeToken,
} from './commands.ts';
import { hashPassword, passwordMatches, passwordProblem } from './model.ts';
import { findParty, findToken, findUser, listParties, listTokens, listUsers } from './queries.ts';
import {
  ZIssuedToken,
  ZNewParty,
  ZNewToken,
  ZNewUser,
  ZParty,
  ZPartyParams,
  ZPasswordChange,
  ZRoles,
  ZSession,
  ZSignIn,
  ZToken,
  ZTokenParams,
  ZUser,
  ZUserParams,
} from './schema.ts';
import { cookieValue, SESSION_COOKIE, type SecurityLog, signIn, signOut } from './sign-in.ts';
import { findCredential } from './store.ts';

const problems = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem } as const;

function actorOf(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.userId}` : 'public';
}

function signedIn(request: FastifyRequest): Extract<Principal, { kind: 'user' }> {
  if (request.principal.kind !== 'user') throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
  return request.principal;
}

function sessionCookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

/** Sessions, parties, users and API tokens over HTTP. */
export function partiesRoutes(
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

    app.get(
      '/parties',
      {
        config: { access: access('party', 'read') },
        schema: {
          tags: ['parties'],
          summary: 'Every party',
          response: { 200: z.array(ZParty), ...problems },
        },
      },
      async () => listParties(db),
    );

    app.get(
      '/parties/:id',
      {
        config: {
          access: access('party', 'read', async (request) => {
            const { id } = request.params as { id: string };
            return (await findParty(db, id)) === undefined ? null : { partyId: id };
          }),
        },
        schema: {
          tags: ['parties'],
          summary: 'One party',
          params: ZPartyParams,
          response: { 200: ZParty, ...problems },
        },
      },
      async (request) => findParty(db, request.params.id),
    );

    app.post(
      '/parties',
      {
        config: { access: access('party', 'create') },
        schema: {
          tags: ['parties'],
          summary: 'Register a nation, partner nation, agency or supplier',
          body: ZNewParty,
          response: { 201: ZParty, ...problems, 409: ZProblem },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const party = await runCommand(runtime, actorOf(request.principal), (scope) =>
          registerParty(scope, {
            id: body.id,
            kind: body.kind,
            name: body.name,
            iso3: body.iso3 ?? null,
            ncbCode: body.ncbCode ?? null,
            ncage: body.ncage ?? null,
            country: body.country ?? null,
            groups: body.groups,
          }),
        );
        return reply.code(201).send(party);
      },
    );

    app.get(
      '/users',
      {
        config: { access: access('user', 'read') },
        schema: {
          tags: ['users'],
          summary: 'Users, optionally of one party',
          querystring: z.object({ partyId: z.string().max(16).optional() }),
          response: { 200: z.array(ZUser), ...problems },
        },
      },
      async (request) => listUsers(db, request.query.partyId),
    );

    const userOwner = async (request: FastifyRequest) => {
      const { id } = request.params as { id: string };
      const user = ZUserParams.safeParse({ id }).success ? await findUser(db, id) : undefined;
      return user === undefined ? null : { userId: user.id, partyId: user.partyId };
    };

    app.get(
      '/users/:id',
      {
        config: { access: access('user', 'read', userOwner) },
        schema: {
          tags: ['users'],
          summary: 'One user',
          params: ZUserParams,
          response: { 200: ZUser, ...problems },
        },
      },
      async (request) => findUser(db, request.params.id),
    );

    app.post(
      '/users',
      {
        config: { access: access('user', 'create') },
        schema: {
          tags: ['users'],
          summary: 'Create a user of a party, with roles that fit it',
          body: ZNewUser,
          response: { 201: ZUser, ...problems, 409: ZProblem },
        },
      },
      async (request, reply) => {
        const { password, ...rest } = request.body;
        const weak = passwordProblem(password);
        if (weak !== undefined) {
          throw new DomainError('VALIDATION_FAILED', `body.password: ${weak}.`, [
            { path: 'body.password', message: weak },
          ]);
        }
        const passwordHash = await hashPassword(password);
        const user = await runCommand(runtime, actorOf(request.principal), (scope) =>
          createUser(scope, { ...rest, passwordHash }),
        );
        return reply.code(201).send(user);
      },
    );

    app.put(
      '/users/:id/roles',
      {
        config: { access: access('user', 'change-roles', userOwner) },
        schema: {
          tags: ['users'],
          summary: "Replace a user's roles",
          params: ZUserParams,
          body: ZRoles,
          response: { 200: ZUser, ...problems },
        },
      },
      async (request) =>
        runCommand(runtime, actorOf(request.principal), (scope) =>
          changeRoles(scope, request.params.id, request.body.roles),
        ),
    );

    app.put(
      '/users/:id/password',
      {
        config: { access: access('user', 'change-password', userOwner) },
        schema: {
          tags: ['users'],
          summary: 'Change your own password; every web session of yours ends',
          params: ZUserParams,
          body: ZPasswordChange,
          response: { 204: z.null(), ...problems },
        },
      },
      async (request, reply) => {
        const { currentPassword, newPassword } = request.body;
        const stored = await findCredential(db, request.params.id);
        if (stored === undefined || !(await passwordMatches(currentPassword, stored))) {
          const message = 'is not your current password';
          throw new DomainError('VALIDATION_FAILED', `body.currentPassword: ${message}.`, [
            { path: 'body.currentPassword', message },
          ]);
        }
        const weak = passwordProblem(newPassword);
        if (weak !== undefined) {
          throw new DomainError('VALIDATION_FAILED', `body.newPassword: ${weak}.`, [
            { path: 'body.newPassword', message: weak },
          ]);
        }
        const passwordHash = await hashPassword(newPassword);
        await runCommand(runtime, actorOf(request.principal), (scope) =>
          changePassword(scope, request.params.id, passwordHash),
        );
        return reply.code(204).send(null);
      },
    );

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
        runCommand(runtime, actorOf(request.principal), (scope) =>
          revokeToken(scope, request.params.id),
        ),
    );
  };
}
