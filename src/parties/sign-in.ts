import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Authentication } from '../platform/access/enforce.ts';
import type { Principal } from '../platform/access/policy.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { DomainError } from '../platform/errors.ts';
import {
  DECOY_PASSWORD_HASH,
  LOCKOUT,
  lockedUntil,
  parseSecret,
  passwordMatches,
  secretHash,
  secretMatches,
} from './model.ts';
import {
  deleteExpiredSessions,
  deleteSession,
  failedSignInsSince,
  findCredential,
  findSession,
  findUser,
  findUserByName,
  insertSecurityEvent,
  insertSession,
  type User,
} from './store.ts';
import type { TokenHolders } from './token-holders.ts';

/** How long a web session lasts after sign-in. */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/** The session cookie's name. */
export const SESSION_COOKIE = 'qm_session';

/**
 * Security events are written at most this often per client address and minute, so that a flood of
 * anonymous requests cannot fill the table; an account's own failures stop being written once it
 * is locked.
 */
const SECURITY_EVENTS_PER_ADDRESS_PER_MINUTE = 60;

/** Writes security events, rate-limited per client address. */
export class SecurityLog {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Appends one event unless this address has written too many in the last minute. */
  async record(
    kind: string,
    account: string | null,
    address: string | null,
    detail: string | null,
  ): Promise<void> {
    const now = this.clock.now();
    const key = address ?? 'unknown';
    const since = now.getTime() - 60_000;
    // Many addresses, each seen once, must not grow the map for ever: forget the quiet ones.
    if (this.recent.size > 10_000) {
      for (const [address, seen] of this.recent)
        if ((seen.at(-1) ?? 0) <= since) this.recent.delete(address);
    }
    const times = (this.recent.get(key) ?? []).filter((t) => t > since);
    if (times.length >= SECURITY_EVENTS_PER_ADDRESS_PER_MINUTE) return;
    times.push(now.getTime());
    this.recent.set(key, times);
    await insertSecurityEvent(this.db, { at: now.toISOString(), kind, account, address, detail });
  }
}

/** A new web session: the cookie value and the CSRF token are shown to the client once. */
export interface SignedIn {
  user: User;
  cookie: string;
  csrfToken: string;
  expiresAt: Date;
}

async function lockedOut(db: Db, username: string, now: Date): Promise<Date | undefined> {
  const since = new Date(now.getTime() - 2 * LOCKOUT.windowMs);
  return lockedUntil(await failedSignInsSince(db, username, since), now);
}

function tooManyAttempts(until: Date, now: Date): DomainError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new DomainError(
    'TOO_MANY_ATTEMPTS',
    `Too many failed sign-ins for this account; try again in ${Math.ceil(seconds / 60)} minute(s).`,
    [],
    seconds,
  );
}

/**
 * Checks a user name and password and starts a session. A locked account is refused before its
 * password is looked at; a wrong name costs as long as a wrong password.
 */
export async function signIn(
  db: Db,
  clock: Clock,
  log: SecurityLog,
  input: { username: string; password: string; address: string | null },
): Promise<SignedIn> {
  const now = clock.now();
  const locked = await lockedOut(db, input.username, now);
  if (locked !== undefined) throw tooManyAttempts(locked, now);
  const user = await findUserByName(db, input.username);
  const stored = user === undefined ? undefined : await findCredential(db, user.id);
  const matches =
    (await passwordMatches(input.password, stored ?? (await DECOY_PASSWORD_HASH))) &&
    stored !== undefined;
  if (user === undefined || !matches) {
    await log.record('sign-in-failed', input.username, input.address, null);
    const nowLocked = await lockedOut(db, input.username, now);
    if (nowLocked !== undefined) {
      await log.record('account-locked', input.username, input.address, nowLocked.toISOString());
      throw tooManyAttempts(nowLocked, now);
    }
    throw new DomainError('LOGIN_FAILED', 'The user name or the password is wrong.');
  }
  // Expired sessions would otherwise pile up; a sign-in is a natural, infrequent moment to sweep.
  await deleteExpiredSessions(db, now);
  const id = randomBytes(12).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await insertSession(db, {
    id,
    secretHash: secretHash(secret),
    csrfHash: secretHash(csrfToken),
    userId: user.id,
    createdAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  });
  return { user, cookie: `${id}.${secret}`, csrfToken, expiresAt };
}

/** Ends the session a cookie names, if any. */
export async function signOut(db: Db, cookie: string | undefined): Promise<void> {
  const id = cookie?.split('.')[0];
  if (id !== undefined && id !== '') await deleteSession(db, id);
}

/** The value of one cookie in a request's Cookie header. */
export function cookieValue(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

const ANONYMOUS: Authentication = { principal: { kind: 'anonymous' }, csrfVerified: false };

function principalOf(
  user: User,
  via: 'session' | 'token',
  scopes: readonly string[] = user.roles,
): Principal {
  return {
    kind: 'user',
    userId: user.id,
    partyId: user.partyId,
    roles: user.roles.filter((role) => scopes.includes(role)),
    via,
  };
}

/**
 * Resolves who a request comes from: a bearer token (which must be valid: a bad one is a 401, not
 * an anonymous request), else a session cookie (a stale one is ignored), else nobody.
 */
export function authenticator(db: Db, clock: Clock, log: SecurityLog, holders: TokenHolders) {
  const refuse = async (request: FastifyRequest, reason: string): Promise<never> => {
    await log.record('token-rejected', null, request.ip, reason);
    throw new DomainError('UNAUTHENTICATED', `The API token is ${reason}.`);
  };
  return async (request: FastifyRequest): Promise<Authentication> => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const presented = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      const parsed = presented === undefined ? undefined : parseSecret('qm', presented);
      if (parsed === undefined) return refuse(request, 'malformed');
      const found = await holders.find(parsed.id);
      if (found === undefined || !secretMatches(parsed.secret, found.secretHash))
        return refuse(request, 'unknown');
      if (found.token.revokedAt !== null) return refuse(request, 'revoked');
      if (new Date(found.token.expiresAt) <= clock.now()) return refuse(request, 'expired');
      return {
        principal: principalOf(found.user, 'token', found.token.scopes),
        csrfVerified: true,
      };
    }
    const cookie = cookieValue(request, SESSION_COOKIE);
    if (cookie === undefined) return ANONYMOUS;
    const [id, secret] = cookie.split('.');
    const session = id === undefined ? undefined : await findSession(db, id);
    if (session === undefined || secret === undefined || !secretMatches(secret, session.secretHash))
      return ANONYMOUS;
    if (session.expiresAt <= clock.now()) return ANONYMOUS;
    const user = await findUser(db, session.userId);
    if (user === undefined) return ANONYMOUS;
    const csrf = request.headers['x-csrf-token'];
    return {
      principal: principalOf(user, 'session'),
      csrfVerified: typeof csrf === 'string' && secretMatches(csrf, session.csrfHash),
    };
  };
}
