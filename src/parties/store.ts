import type { ColumnType, Selectable } from 'kysely';
import type { Role } from '../platform/access/policy.ts';
import type { Executor } from '../platform/db/database.ts';
import type { Group, Party, PartyKind } from './model.ts';

interface PartiesTable {
  id: string;
  kind: PartyKind;
  name: string;
  iso3: string | null;
  ncb_code: string | null;
  ncage: string | null;
  country: string | null;
  groups: Group[];
  event_id: string;
}

interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  party_id: string;
  roles: Role[];
  created_at: ColumnType<Date, string, string>;
  event_id: string;
}

interface UserCredentialsTable {
  user_id: string;
  password_hash: string;
  changed_at: ColumnType<Date, string, string>;
}

interface ApiTokensTable {
  id: string;
  user_id: string;
  label: string;
  scopes: Role[];
  created_at: ColumnType<Date, string, string>;
  expires_at: ColumnType<Date, string, string>;
  revoked_at: ColumnType<Date | null, string | null, string | null>;
  event_id: string;
}

interface ApiTokenSecretsTable {
  token_id: string;
  secret_hash: Uint8Array;
}

interface SessionsTable {
  id: string;
  secret_hash: Uint8Array;
  csrf_hash: Uint8Array;
  user_id: string;
  created_at: ColumnType<Date, string, string>;
  expires_at: ColumnType<Date, string, string>;
}

interface SecurityEventsTable {
  id: ColumnType<bigint, never, never>;
  at: ColumnType<Date, string, never>;
  kind: string;
  account: string | null;
  address: string | null;
  detail: string | null;
}

declare module '../platform/db/database.ts' {
  interface Database {
    parties: PartiesTable;
    users: UsersTable;
    user_credentials: UserCredentialsTable;
    api_tokens: ApiTokensTable;
    api_token_secrets: ApiTokenSecretsTable;
    sessions: SessionsTable;
    security_events: SecurityEventsTable;
  }
}

/** A user as the rest of the system sees it: never with a credential. */
export interface User {
  id: string;
  username: string;
  displayName: string;
  partyId: string;
  roles: Role[];
  createdAt: string;
}

/** An API token's public facts: never its secret or hash. */
export interface ApiToken {
  id: string;
  userId: string;
  label: string;
  scopes: Role[];
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

function toParty(row: Selectable<PartiesTable>): Party {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    iso3: row.iso3,
    ncbCode: row.ncb_code,
    ncage: row.ncage,
    country: row.country,
    groups: row.groups,
  };
}

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    partyId: row.party_id,
    roles: row.roles,
    createdAt: row.created_at.toISOString(),
  };
}

function toToken(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    userId: row.user_id,
    label: row.label,
    scopes: row.scopes,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}

/** Tables rebuilt by replay; the others are primary data. */
export const PROJECTED_TABLES = ['parties', 'users', 'api_tokens'] as const;

/** Records a party (projection of PartyRegistered). */
export async function insertParty(db: Executor, party: Party, eventId: string): Promise<void> {
  await db
    .insertInto('parties')
    .values({
      id: party.id,
      kind: party.kind,
      name: party.name,
      iso3: party.iso3,
      ncb_code: party.ncbCode,
      ncage: party.ncage,
      country: party.country,
      groups: party.groups,
      event_id: eventId,
    })
    .execute();
}

/** One party by id. */
export async function findParty(db: Executor, id: string): Promise<Party | undefined> {
  const row = await db.selectFrom('parties').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toParty(row);
}

/** Every party, by kind then id. */
export async function listParties(db: Executor): Promise<Party[]> {
  const rows = await db.selectFrom('parties').selectAll().orderBy('kind').orderBy('id').execute();
  return rows.map(toParty);
}

/** Whether any party has this ISO or NCAGE code already. */
export async function codeTaken(db: Executor, party: Party): Promise<boolean> {
  const row = await db
    .selectFrom('parties')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('id', '=', party.id),
        ...(party.iso3 === null ? [] : [eb('iso3', '=', party.iso3)]),
        ...(party.ncage === null ? [] : [eb('ncage', '=', party.ncage)]),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** Records a user (projection of UserCreated). */
export async function insertUser(db: Executor, user: User, eventId: string): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: user.id,
      username: user.username,
      display_name: user.displayName,
      party_id: user.partyId,
      roles: user.roles,
      created_at: user.createdAt,
      event_id: eventId,
    })
    .execute();
}

/** Sets a user's roles (projection of RolesChanged). */
export async function updateRoles(
  db: Executor,
  userId: string,
  roles: Role[],
  eventId: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ roles, event_id: eventId })
    .where('id', '=', userId)
    .execute();
}

/** One user by id. */
export async function findUser(db: Executor, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toUser(row);
}

/** One user by sign-in name. */
export async function findUserByName(db: Executor, username: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  return row === undefined ? undefined : toUser(row);
}

/** Users, optionally of one party, by name. */
export async function listUsers(db: Executor, partyId?: string): Promise<User[]> {
  let query = db.selectFrom('users').selectAll().orderBy('username');
  if (partyId !== undefined) query = query.where('party_id', '=', partyId);
  return (await query.execute()).map(toUser);
}

/** How many users hold a role. */
export async function countUsersWithRole(db: Executor, role: Role): Promise<number> {
  const rows = await db.selectFrom('users').select('roles').execute();
  return rows.filter((r) => r.roles.includes(role)).length;
}

/** Stores (or replaces) a user's password hash. */
export async function storeCredential(
  db: Executor,
  userId: string,
  passwordHash: string,
  at: string,
): Promise<void> {
  await db
    .insertInto('user_credentials')
    .values({ user_id: userId, password_hash: passwordHash, changed_at: at })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ password_hash: passwordHash, changed_at: at }),
    )
    .execute();
}

/** A user's password hash, if they have one. */
export async function findCredential(db: Executor, userId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('user_credentials')
    .select('password_hash')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.password_hash;
}

/** Records a token (projection of TokenIssued). */
export async function insertToken(db: Executor, token: ApiToken, eventId: string): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({
      id: token.id,
      user_id: token.userId,
      label: token.label,
      scopes: token.scopes,
      created_at: token.createdAt,
      expires_at: token.expiresAt,
      revoked_at: token.revokedAt,
      event_id: eventId,
    })
    .execute();
}

/** Marks a token revoked (projection of TokenRevoked). */
export async function markTokenRevoked(
  db: Executor,
  tokenId: string,
  at: string,
  eventId: string,
): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: at, event_id: eventId })
    .where('id', '=', tokenId)
    .execute();
}

/** Stores the hash of a token's secret. */
export async function storeTokenSecret(
  db: Executor,
  tokenId: string,
  hash: Uint8Array,
): Promise<void> {
  await db
    .insertInto('api_token_secrets')
    .values({ token_id: tokenId, secret_hash: hash })
    .execute();
}

/** A token with the hash of its secret, for checking a presented bearer token. */
export async function findTokenWithSecret(
  db: Executor,
  tokenId: string,
): Promise<{ token: ApiToken; secretHash: Uint8Array } | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('api_token_secrets', 'api_token_secrets.token_id', 'api_tokens.id')
    .selectAll('api_tokens')
    .select('api_token_secrets.secret_hash')
    .where('api_tokens.id', '=', tokenId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const { secret_hash, ...token } = row;
  return { token: toToken(token), secretHash: secret_hash };
}

/** One token by id. */
export async function findToken(db: Executor, tokenId: string): Promise<ApiToken | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('id', '=', tokenId)
    .executeTakeFirst();
  return row === undefined ? undefined : toToken(row);
}

/** Tokens, optionally of one user, newest first. */
export async function listTokens(db: Executor, userId?: string): Promise<ApiToken[]> {
  let query = db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').orderBy('id');
  if (userId !== undefined) query = query.where('user_id', '=', userId);
  return (await query.execute()).map(toToken);
}

/** Starts a session. */
export async function insertSession(
  db: Executor,
  session: {
    id: string;
    secretHash: Uint8Array;
    csrfHash: Uint8Array;
    userId: string;
    createdAt: string;
    expiresAt: string;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      id: session.id,
      secret_hash: session.secretHash,
      csrf_hash: session.csrfHash,
      user_id: session.userId,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

/** A session's hashes, owner and expiry. */
export async function findSession(
  db: Executor,
  id: string,
): Promise<
  { secretHash: Uint8Array; csrfHash: Uint8Array; userId: string; expiresAt: Date } | undefined
> {
  const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined
    ? undefined
    : {
        secretHash: row.secret_hash,
        csrfHash: row.csrf_hash,
        userId: row.user_id,
        expiresAt: row.expires_at,
      };
}

/** Forgets sessions that have expired by a moment. */
export async function deleteExpiredSessions(db: Executor, before: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', before).execute();
}

/** Ends every session of a user, as a password change must. */
export async function deleteSessionsOf(db: Executor, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Ends a session. */
export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Appends a security event (a failed sign-in, a lockout, a rejected token). */
export async function insertSecurityEvent(
  db: Executor,
  event: {
    at: string;
    kind: string;
    account: string | null;
    address: string | null;
    detail: string | null;
  },
): Promise<void> {
  await db.insertInto('security_events').values(event).execute();
}

/** When an account's failed sign-ins happened since a moment. */
export async function failedSignInsSince(
  db: Executor,
  account: string,
  since: Date,
): Promise<Date[]> {
  const rows = await db
    .selectFrom('security_events')
    .select('at')
    .where('account', '=', account)
    .where('kind', '=', 'sign-in-failed')
    .where('at', '>=', since)
    .orderBy('at')
    .execute();
  return rows.map((r) => r.at);
}
