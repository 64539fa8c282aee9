import { randomBytes } from 'node:crypto';
import { type CommandRuntime, runCommand } from '../platform/command.ts';
import { DomainError } from '../platform/errors.ts';
import { createUser, registerParty } from './commands.ts';
import { hashPassword } from './model.ts';
import { countUsersWithRole, findParty, type User } from './store.ts';

/** The agency every administrator belongs to. */
const AGENCY = { id: 'NSPA', name: 'NATO Support and Procurement Agency' } as const;

/** A password strong enough to print once and change later: 24 random characters. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** Registers the agency if it is not yet, so that its staff can be created. */
export async function ensureAgency(runtime: CommandRuntime, actor: string): Promise<void> {
  if ((await findParty(runtime.db, AGENCY.id)) !== undefined) return;
  await runCommand(runtime, actor, async (scope) => {
    if ((await findParty(scope.trx, AGENCY.id)) !== undefined) return;
    await registerParty(scope, {
      id: AGENCY.id,
      kind: 'agency',
      name: AGENCY.name,
      iso3: null,
      ncbCode: null,
      ncage: null,
      country: null,
      groups: ['NATO'],
    });
  });
}

/**
 * On a database with no administrator, creates the agency and the user `admin` with a random
 * password, and returns that password to be shown once. Returns undefined when an administrator
 * exists — also when another process created one at the same moment.
 */
export async function ensureFirstAdmin(
  runtime: CommandRuntime,
): Promise<{ user: User; password: string } | undefined> {
  if ((await countUsersWithRole(runtime.db, 'admin')) > 0) return undefined;
  await ensureAgency(runtime, 'system:first-start');
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  try {
    const user = await runCommand(runtime, 'system:first-start', (scope) =>
      createUser(scope, {
        username: 'admin',
        displayName: 'Administrator',
        partyId: AGENCY.id,
        roles: ['admin'],
        passwordHash,
      }),
    );
    return { user, password };
  } catch (error) {
    if (
      error instanceof DomainError &&
      (error.code === 'ALREADY_EXISTS' || error.code === 'STREAM_VERSION_CONFLICT')
    ) {
      return undefined;
    }
    throw error;
  }
}
