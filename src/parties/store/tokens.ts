import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { ApiToken, ApiTokensTable, User } from './tables.ts';
import { toUser } from './users.ts';

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

/**
 * A token with the hash of its secret and the user holding it, for checking a presented bearer
 * token: one query, since every API request asks it.
 */
export async function findTokenHolder(
  db: Executor,
  tokenId: string,
): Promise<{ token: ApiToken; secretHash: Uint8Array; user: User } | undefined> {
  const row = await db
    .selectFrom('api_tokens')
    .innerJoin('api_token_secrets', 'api_token_secrets.token_id', 'api_tokens.id')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .selectAll('api_tokens')
    .select([
      'api_token_secrets.secret_hash',
      'users.username',
      'users.display_name',
      'users.party_id',
      'users.roles',
      'users.created_at as user_created_at',
      'users.event_id as user_event_id',
    ])
    .where('api_tokens.id', '=', tokenId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const {
    secret_hash,
    username,
    display_name,
    party_id,
    roles,
    user_created_at,
    user_event_id,
    ...token
  } = row;
  return {
    token: toToken(token),
    secretHash: secret_hash,
    user: toUser({
      id: token.user_id,
      username,
      display_name,
      party_id,
      roles,
      created_at: user_created_at,
      event_id: user_event_id,
    }),
  };
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
