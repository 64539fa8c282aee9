import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../platform/access/enforce.ts';
import { actorOf } from '../../platform/access/policy.ts';
import { type CommandRuntime, runCommand } from '../../platform/command.ts';
import { DomainError } from '../../platform/errors.ts';
import { PROBLEMS as problems, ZProblem } from '../../platform/http/problem.ts';
import { changePassword, changeRoles, createUser } from '../commands.ts';
import { hashPassword, passwordMatches, passwordProblem } from '../model.ts';
import { findUser, listUsers } from '../queries.ts';
import { ZNewUser, ZPasswordChange, ZRoles, ZUser, ZUserParams } from '../schema.ts';
import { findCredential } from '../store.ts';
import type { TokenHolders } from '../token-holders.ts';

/** Users: their creation, roles and passwords. */
export function userRoutes(runtime: CommandRuntime, holders: TokenHolders): FastifyPluginAsyncZod {
  const { db } = runtime;
  return async (app) => {
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
        holders.whileChanging(() =>
          runCommand(runtime, actorOf(request.principal), (scope) =>
            changeRoles(scope, request.params.id, request.body.roles),
          ),
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
  };
}
