import { createHash, randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role } from '../platform/access/policy.ts';

/** The kinds of party: the member and partner nations, the agency, and industry. */
export const PARTY_KINDS = ['nation', 'partner-nation', 'agency', 'supplier'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

/** Membership groups a party may belong to, as data. */
export const GROUPS = ['NATO', 'EU', 'UDCG'] as const;
export type Group = (typeof GROUPS)[number];

/** A party: who acts, orders, supplies or oversees. Its id is its code. */
export interface Party {
  id: string;
  kind: PartyKind;
  name: string;
  /** ISO 3166-1 alpha-3, for nations. */
  iso3: string | null;
  /** NATO Codification Bureau code (two digits), for nations that have one. */
  ncbCode: string | null;
  /** NATO Commercial and Government Entity code, for suppliers. */
  ncage: string | null;
  country: string | null;
  groups: Group[];
}

/** ISO 3166-1 alpha-3: three capital letters. */
export const ISO3 = /^[A-Z]{3}$/;
/** An NCB code is two digits (00–99). */
export const NCB_CODE = /^\d{2}$/;
/**
 * An NCAGE code is five characters, capital letters and digits. US and Canadian CAGE codes start
 * and end with a digit; NCAGE codes of other nations carry a letter; never the letters I or O,
 * which read as digits.
 */
export const NCAGE = /^[A-HJ-NP-Z0-9]{5}$/;
/** Agency codes are short capitalised names (`NSPA`). */
const AGENCY_CODE = /^[A-Z][A-Z0-9-]{1,15}$/;

/** Why a party's identifiers do not fit its kind, or undefined. */
export function partyProblem(party: Party): { path: string; message: string } | undefined {
  switch (party.kind) {
    case 'nation':
    case 'partner-nation':
      if (party.iso3 === null || party.id !== party.iso3) {
        return {
          path: 'body.iso3',
          message: 'a nation is identified by its ISO 3166-1 alpha-3 code',
        };
      }
      if (party.ncage !== null)
        return { path: 'body.ncage', message: 'an NCAGE code belongs to a supplier' };
      return undefined;
    case 'supplier':
      if (party.ncage === null || party.id !== party.ncage) {
        return { path: 'body.ncage', message: 'a supplier is identified by its NCAGE code' };
      }
      if (party.country === null)
        return { path: 'body.country', message: 'a supplier has a country' };
      return undefined;
    case 'agency':
      if (!AGENCY_CODE.test(party.id))
        return { path: 'body.id', message: 'an agency code is 2–16 capitals' };
      return undefined;
  }
}

/** A user's sign-in name: lower case, digits, dots, dashes, underscores. */
export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** Which roles fit a party of this kind: representatives act for their own kind of party only. */
export function rolesProblem(kind: PartyKind, roles: readonly Role[]): string | undefined {
  if (roles.length === 0) return 'a user holds at least one role';
  for (const role of roles) {
    if (role === 'nation-rep' && kind !== 'nation' && kind !== 'partner-nation') {
      return 'a nation representative belongs to a nation';
    }
    if (role === 'supplier-rep' && kind !== 'supplier')
      return 'a supplier representative belongs to a supplier';
    if (
      (role === 'agency-officer' || role === 'evaluator' || role === 'admin') &&
      kind !== 'agency'
    ) {
      return `the ${role} role belongs to agency staff`;
    }
  }
  return undefined;
}

/** Roles in the table's order, without repeats. */
export function normaliseRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((role) => roles.includes(role));
}

/** Passwords: long enough to resist guessing; no composition rules (NIST SP 800-63B). */
export function passwordProblem(password: string): string | undefined {
  if ([...password].length < 12) return 'a password has at least 12 characters';
  if (password.length > 1024) return 'a password has at most 1024 characters';
  return undefined;
}

// scrypt with N = 2^15 costs ~32 MiB and tens of milliseconds: slow for guessing, fine for login.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

// Off the event loop: a sign-in must not stall every other request while it hashes.
function derive(
  password: string,
  salt: Buffer,
  length: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** A salted scrypt hash, self-describing: `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPassword(
  password: string,
  salt: Buffer = randomBytes(16),
): Promise<string> {
  const hash = await derive(password, salt, 32, SCRYPT);
  return [
    'scrypt',
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString('base64'),
    hash.toString('base64'),
  ].join('$');
}

/** Whether a password matches a stored hash, compared in constant time. */
export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const options = { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem };
  const actual = await derive(password, Buffer.from(salt, 'base64'), expected.length, options);
  return timingSafeEqual(actual, expected);
}

/** A hash to check unknown accounts against, so that a wrong name takes as long as a wrong password. */
export const DECOY_PASSWORD_HASH: Promise<string> = hashPassword(
  'decoy-password-never-matches',
  Buffer.alloc(16),
);

/**
 * A bearer secret as the caller sees it once: `qm_<id>_<secret>`. The id finds the row; only
 * sha256(secret) is stored — the secret has 256 bits, so a fast hash is enough.
 */
export function newSecret(prefix: string): {
  id: string;
  secret: string;
  text: string;
  hash: Buffer;
} {
  const id = randomBytes(9).toString('base64url');
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, text: `${prefix}_${id}_${secret}`, hash: secretHash(secret) };
}

/** The stored form of a secret. */
export function secretHash(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Splits `prefix_id_secret`, or undefined when it is not of that form. */
export function parseSecret(
  prefix: string,
  text: string,
): { id: string; secret: string } | undefined {
  const match = new RegExp(`^${prefix}_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$`).exec(text);
  return match === null ? undefined : { id: match[1] as string, secret: match[2] as string };
}

/** Constant-time comparison of a presented secret with its stored hash. */
export function secretMatches(secret: string, stored: Uint8Array): boolean {
  const actual = secretHash(secret);
  return stored.length === actual.length && timingSafeEqual(actual, stored);
}

/** The sign-in throttle: this many failures within the window lock the account for the window. */
export const LOCKOUT = { failures: 10, windowMs: 15 * 60 * 1000 } as const;

/**
 * Until when an account is locked, given the times of its recent failed sign-ins (any order), or
 * undefined when it is not. The lock runs a full window from the failure that reached the limit,
 * so further attempts during the lock do not extend it.
 */
export function lockedUntil(failures: readonly Date[], now: Date): Date | undefined {
  const sorted = failures.map((f) => f.getTime()).sort((a, b) => a - b);
  for (let i = LOCKOUT.failures - 1; i < sorted.length; i++) {
    const first = sorted[i - (LOCKOUT.failures - 1)] as number;
    const reached = sorted[i] as number;
    if (reached - first <= LOCKOUT.windowMs && reached + LOCKOUT.windowMs > now.getTime()) {
      return new Date(reached + LOCKOUT.windowMs);
    }
  }
  return undefined;
}
