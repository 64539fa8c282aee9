import type { Selectable } from 'kysely';
import type { Role } from '../../platform/access/policy.ts';
import type { Executor } from '../../platform/db/database.ts';
import type { User, UsersTable } from './tables.ts';

export function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    partyId: row.party_id,
    roles: row.roles,
    createdAt: row.created_at.toISOString(),
  };
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
