import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { ApiToken, ApiTokensTable } from './tables.ts';

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
