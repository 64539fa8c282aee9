import type { Role } from '../platform/access/policy.ts';
import type { CommandScope } from '../platform/command.ts';
import { DomainError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { JsonObject } from '../platform/ledger/model.ts';
import { streamVersion } from '../platform/ledger/store.ts';
import type { PartyEventPayload, PartyEventType } from './events.ts';
import { newSecret, normaliseRoles, type Party, partyProblem, rolesProblem } from './model.ts';
import {
  type ApiToken,
  codeTaken,
  countUsersWithRole,
  deleteSessionsOf,
  findParty,
  findToken,
  findUser,
  findUserByName,
  storeCredential,
  storeTokenSecret,
  type User,
} from './store.ts';

function event<T extends PartyEventType>(type: T, payload: PartyEventPayload<T>) {
  return { id: newId(), type, payload: payload as unknown as JsonObject };
}

/** Registers a nation, partner nation, agency or supplier. */
export async function registerParty(scope: CommandScope, party: Party): Promise<Party> {
  const problem = partyProblem(party);
  if (problem !== undefined)
    throw new DomainError('VALIDATION_FAILED', `${problem.path}: ${problem.message}.`, [problem]);
  if (await codeTaken(scope.trx, party)) {
    throw new DomainError(
      'ALREADY_EXISTS',
      `A party with the code ${party.id} is registered already.`,
    );
  }
  await scope.record(`party:${party.id}`, 0n, [event('PartyRegistered', party)]);
  return party;
}

/** What creating a user takes; the password arrives already hashed, outside the transaction. */
export interface NewUser {
  username: string;
  displayName: string;
  partyId: string;
  roles: Role[];
  passwordHash: string;
}

/** Creates a user of a party with roles that fit that party. */
export async function createUser(scope: CommandScope, input: NewUser): Promise<User> {
  const party = await findParty(scope.trx, input.partyId);
  if (party === undefined) {
    throw new DomainError('VALIDATION_FAILED', `body.partyId: no party ${input.partyId}.`, [
      { path: 'body.partyId', message: `no party ${input.partyId}` },
    ]);
  }
  const roles = normaliseRoles(input.roles);
  const problem = rolesProblem(party.kind, roles);
  if (problem !== undefined) {
    throw new DomainError('VALIDATION_FAILED', `body.roles: ${problem}.`, [
      { path: 'body.roles', message: problem },
    ]);
  }
  if ((await findUserByName(scope.trx, input.username)) !== undefined) {
    throw new DomainError('ALREADY_EXISTS', `The user name ${input.username} is taken.`);
  }
  const user: User = {
    id: newId(),
    username: input.username,
    displayName: input.displayName,
    partyId: party.id,
    roles,
    createdAt: scope.now.toISOString(),
  };
  await storeCredential(scope.trx, user.id, input.passwordHash, user.createdAt);
  await scope.record(`user:${user.username}`, 0n, [event('UserCreated', user)]);
  return user;
}

/** Gives a user a new set of roles; the last administrator cannot lose the role. */
export async function changeRoles(
  scope: CommandScope,
  userId: string,
  requested: Role[],
): Promise<User> {
  const user = await findUser(scope.trx, userId);
  if (user === undefined) throw new DomainError('NOT_FOUND', `No user ${userId}.`);
  const party = await findParty(scope.trx, user.partyId);
  const roles = normaliseRoles(requested);
  const problem = party === undefined ? 'the user has no party' : rolesProblem(party.kind, roles);
  if (problem !== undefined) {
    throw new DomainError('VALIDATION_FAILED', `body.roles: ${problem}.`, [
      { path: 'body.roles', message: problem },
    ]);
  }
  if (
    user.roles.includes('admin') &&
    !roles.includes('admin') &&
    (await countUsersWithRole(scope.trx, 'admin')) <= 1
  ) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'body.roles: the last administrator keeps the admin role.',
      [{ path: 'body.roles', message: 'the last administrator keeps the admin role' }],
    );
  }
  const stream = `user:${user.username}`;
  await scope.record(stream, await streamVersion(scope.trx, stream), [
    event('RolesChanged', { userId, roles, previous: user.roles }),
  ]);
  return { ...user, roles };
}

/**
 * Replaces a user's password (already checked and hashed by the caller) and ends their web
 * sessions; the ledger records that it changed, never the hash.
 */
export async function changePassword(
  scope: CommandScope,
  userId: string,
  passwordHash: string,
): Promise<void> {
  const user = await findUser(scope.trx, userId);
  if (user === undefined) throw new DomainError('NOT_FOUND', `No user ${userId}.`);
  const changedAt = scope.now.toISOString();
  await storeCredential(scope.trx, userId, passwordHash, changedAt);
  await deleteSessionsOf(scope.trx, userId);
  const stream = `user:${user.username}`;
  await scope.record(stream, await streamVersion(scope.trx, stream), [
    event('PasswordChanged', { userId, changedAt }),
  ]);
}

/** The longest an API token may live. */
const TOKEN_MAX_DAYS = 366;

/**
 * Issues an API token to a user, scoped to some of the roles they hold — and, when it is asked for
 * with a token, to no more than that token carries (`within`); the secret is returned once.
 */
export async function issueToken(
  scope: CommandScope,
  input: {
    userId: string;
    label: string;
    scopes: Role[];
    expiresAt: Date;
    within?: readonly Role[];
  },
): Promise<{ token: ApiToken; secret: string }> {
  const user = await findUser(scope.trx, input.userId);
  if (user === undefined) throw new DomainError('NOT_FOUND', `No user ${input.userId}.`);
  const ceiling = user.roles.filter(
    (role) => input.within === undefined || input.within.includes(role),
  );
  const scopes = normaliseRoles(input.scopes.length === 0 ? ceiling : input.scopes);
  const beyond = scopes.filter((role) => !ceiling.includes(role));
  if (beyond.length > 0) {
    const message = `a token cannot carry a role its holder lacks or that the issuing token does not carry (${beyond.join(', ')})`;
    throw new DomainError('VALIDATION_FAILED', `body.scopes: ${message}.`, [
      { path: 'body.scopes', message },
    ]);
  }
  const days = (input.expiresAt.getTime() - scope.now.getTime()) / 86_400_000;
  if (days <= 0 || days > TOKEN_MAX_DAYS) {
    const message = `expiry must be in the future and at most ${TOKEN_MAX_DAYS} days away`;
    throw new DomainError('VALIDATION_FAILED', `body.expiresAt: ${message}.`, [
      { path: 'body.expiresAt', message },
    ]);
  }
  const secret = newSecret('qm');
  const token: ApiToken = {
    id: secret.id,
    userId: user.id,
    label: input.label,
    scopes,
    createdAt: scope.now.toISOString(),
    expiresAt: input.expiresAt.toISOString(),
    revokedAt: null,
  };
  await storeTokenSecret(scope.trx, token.id, secret.hash);
  const { revokedAt: _unrevoked, ...issued } = token;
  await scope.record(`token:${token.id}`, 0n, [event('TokenIssued', issued)]);
  return { token, secret: secret.text };
}

/** Revokes a token at once; revoking it again changes nothing. */
export async function revokeToken(scope: CommandScope, tokenId: string): Promise<ApiToken> {
  const token = await findToken(scope.trx, tokenId);
  if (token === undefined) throw new DomainError('NOT_FOUND', `No token ${tokenId}.`);
  if (token.revokedAt !== null) return token;
  const revokedAt = scope.now.toISOString();
  const stream = `token:${tokenId}`;
  await scope.record(stream, await streamVersion(scope.trx, stream), [
    event('TokenRevoked', { tokenId, userId: token.userId, revokedAt }),
  ]);
  return { ...token, revokedAt };
}
