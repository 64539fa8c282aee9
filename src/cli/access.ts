import { readFileSync } from 'node:fs';
import { projectors } from '../contexts.ts';
import { ensureAgency, generatePassword } from '../parties/bootstrap.ts';
import { createUser, issueToken, revokeToken } from '../parties/commands.ts';
import { hashPassword, passwordProblem } from '../parties/model.ts';
import { findUserByName, listTokens } from '../parties/queries.ts';
import { ROLES, type Role } from '../platform/access/policy.ts';
import { systemClock } from '../platform/clock.ts';
import { runCommand } from '../platform/command.ts';
import type { Config } from '../platform/config.ts';
import { withDatabase } from './database.ts';
import { CliError, print } from './output.ts';

const ACTOR = 'system:cli';

function roles(values: readonly string[]): Role[] {
  for (const value of values) {
    if (!(ROLES as readonly string[]).includes(value)) {
      throw new CliError(`--role: ${value} is not a role (${ROLES.join(', ')})`);
    }
  }
  return values as Role[];
}

/** `qm users create NAME`: a user of a party with roles; the password is generated and shown once. */
export async function createUserCommand(
  config: Config,
  username: string,
  options: {
    party?: string;
    role: string[];
    admin?: boolean;
    name?: string;
    passwordStdin?: boolean;
    json?: boolean;
  },
): Promise<void> {
  const password =
    options.passwordStdin === true
      ? readFileSync(0, 'utf8').replace(/\r?\n$/, '')
      : generatePassword();
  const weak = passwordProblem(password);
  if (weak !== undefined) throw new CliError(`password: ${weak}`);
  const wanted = roles(
    options.admin === true ? [...new Set(['admin', ...options.role])] : options.role,
  );
  if (wanted.length === 0) throw new CliError('give at least one --role, or --admin');
  await withDatabase(config, 'apply', async ({ db }) => {
    const runtime = { db, clock: systemClock, projectors };
    if (options.admin === true && options.party === undefined) await ensureAgency(runtime, ACTOR);
    const partyId = options.party ?? (options.admin === true ? 'NSPA' : undefined);
    if (partyId === undefined) throw new CliError('--party: name the party the user belongs to');
    const passwordHash = await hashPassword(password);
    const user = await runCommand(runtime, ACTOR, (scope) =>
      createUser(scope, {
        username,
        displayName: options.name ?? username,
        partyId,
        roles: wanted,
        passwordHash,
      }),
    );
    const shown = options.passwordStdin === true ? undefined : password;
    print(
      options.json === true,
      { user, password: shown },
      `created ${user.username} (${user.roles.join(', ')}) of ${user.partyId}${shown === undefined ? '' : `\npassword (shown once): ${shown}`}`,
    );
  });
}

/** `qm tokens issue --user NAME`: an API token, shown once. */
export async function issueTokenCommand(
  config: Config,
  options: { user: string; scope: string[]; days: string; label?: string; json?: boolean },
): Promise<void> {
  const days = Number(options.days);
  if (!Number.isInteger(days) || days < 1 || days > 366)
    throw new CliError('--days: a whole number from 1 to 366');
  await withDatabase(config, 'apply', async ({ db }) => {
    const user = await findUserByName(db, options.user);
    if (user === undefined) throw new CliError(`--user: no user ${options.user}`);
    const issued = await runCommand({ db, clock: systemClock, projectors }, ACTOR, (scope) =>
      issueToken(scope, {
        userId: user.id,
        label: options.label ?? 'issued with qm',
        scopes: roles(options.scope),
        expiresAt: new Date(scope.now.getTime() + days * 86_400_000),
      }),
    );
    print(
      options.json === true,
      { token: issued.token, bearer: issued.secret },
      `token ${issued.token.id} for ${user.username} (${issued.token.scopes.join(', ')}), expires ${issued.token.expiresAt}\n${issued.secret}`,
    );
  });
}

/** `qm tokens revoke ID`. */
export async function revokeTokenCommand(
  config: Config,
  tokenId: string,
  json: boolean,
): Promise<void> {
  await withDatabase(config, 'apply', async ({ db }) => {
    const token = await runCommand({ db, clock: systemClock, projectors }, ACTOR, (scope) =>
      revokeToken(scope, tokenId),
    );
    print(json, token, `revoked ${token.id} at ${token.revokedAt}`);
  });
}

/** `qm tokens list [--user NAME]`: ids, holders, scopes and states; never a secret. */
export async function listTokensCommand(
  config: Config,
  options: { user?: string; json?: boolean },
): Promise<void> {
  await withDatabase(config, 'require', async ({ db }) => {
    const user = options.user === undefined ? undefined : await findUserByName(db, options.user);
    if (options.user !== undefined && user === undefined)
      throw new CliError(`--user: no user ${options.user}`);
    const tokens = await listTokens(db, user?.id);
    const now = systemClock.now().toISOString();
    const state = (t: (typeof tokens)[number]) =>
      t.revokedAt !== null ? 'revoked' : t.expiresAt <= now ? 'expired' : 'active';
    print(
      options.json === true,
      tokens,
      tokens.length === 0
        ? 'no tokens'
        : tokens
            .map(
              (t) =>
                `${t.id}  ${state(t).padEnd(7)}  ${t.userId}  ${t.scopes.join(',')}  ${t.label}`,
            )
            .join('\n'),
    );
  });
}
