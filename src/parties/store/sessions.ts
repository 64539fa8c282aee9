import type { Executor } from '../../platform/db/database.ts';

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
