import { z } from 'zod';
import { ROLES } from '../platform/access/policy.ts';
import { GROUPS, ISO3, NCAGE, NCB_CODE, PARTY_KINDS, USERNAME } from './model.ts';

/** A party as the API shows it. */
export const ZParty = z
  .object({
    id: z
      .string()
      .describe(
        'Its code: ISO 3166-1 alpha-3 for a nation, NCAGE for a supplier, a short name for the agency.',
      ),
    kind: z.enum(PARTY_KINDS),
    name: z.string(),
    iso3: z.string().nullable(),
    ncbCode: z.string().nullable().describe('NATO Codification Bureau code (two digits).'),
    ncage: z
      .string()
      .nullable()
      .describe('NATO Commercial and Government Entity code (five characters).'),
    country: z.string().nullable().describe('ISO 3166-1 alpha-3 of the country a supplier is in.'),
    groups: z.array(z.enum(GROUPS)),
  })
  .meta({ id: 'Party' });

/** Registering a party. */
export const ZNewParty = z
  .object({
    id: z.string().regex(/^[A-Z0-9-]{2,16}$/, 'a code of 2–16 capitals, digits or dashes'),
    kind: z.enum(PARTY_KINDS),
    name: z.string().trim().min(2).max(200),
    iso3: z.string().regex(ISO3, 'three capital letters (ISO 3166-1 alpha-3)').optional(),
    ncbCode: z.string().regex(NCB_CODE, 'two digits').optional(),
    ncage: z.string().regex(NCAGE, 'five capitals or digits, without I or O').optional(),
    country: z.string().regex(ISO3, 'three capital letters (ISO 3166-1 alpha-3)').optional(),
    groups: z.array(z.enum(GROUPS)).max(GROUPS.length).default([]),
  })
  .meta({ id: 'NewParty' });

/** A user as the API shows it: never a credential. */
export const ZUser = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    partyId: z.string(),
    roles: z.array(z.enum(ROLES)),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });

const ZPassword = z.string().min(12, 'at least 12 characters').max(1024);

/** Creating a user. */
export const ZNewUser = z
  .object({
    username: z
      .string()
      .regex(USERNAME, 'lower-case letters, digits, dots, dashes or underscores (2–64)'),
    displayName: z.string().trim().min(1).max(200),
    partyId: z.string().min(2).max(16),
    roles: z.array(z.enum(ROLES)).min(1),
    password: ZPassword,
  })
  .meta({ id: 'NewUser' });

/** Changing one's own password: the current one proves it is you. */
export const ZPasswordChange = z
  .object({ currentPassword: z.string().min(1).max(1024), newPassword: ZPassword })
  .meta({ id: 'PasswordChange' });

/** Changing a user's roles. */
export const ZRoles = z.object({ roles: z.array(z.enum(ROLES)).min(1) }).meta({ id: 'Roles' });

/** An API token's public facts. */
export const ZToken = z
  .object({
    id: z.string(),
    userId: z.uuid(),
    label: z.string(),
    scopes: z.array(z.enum(ROLES)),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Token' });

/** Issuing a token for oneself. */
export const ZNewToken = z
  .object({
    label: z.string().trim().min(1).max(100),
    scopes: z
      .array(z.enum(ROLES))
      .default([])
      .describe('Roles the token may use; empty means all of yours.'),
    expiresInDays: z.number().int().min(1).max(366).default(90),
  })
  .meta({ id: 'NewToken' });

/** A token just issued: the bearer value is shown this once and never stored. */
export const ZIssuedToken = z
  .object({
    token: ZToken,
    bearer: z
      .string()
      .describe('Send as `Authorization: Bearer <bearer>`. Shown once; only its hash is kept.'),
  })
  .meta({ id: 'IssuedToken' });

/** Signing in. */
export const ZSignIn = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) })
  .meta({ id: 'SignIn' });

/** The current session. */
export const ZSession = z
  .object({
    user: ZUser,
    via: z.enum(['session', 'token']),
    roles: z
      .array(z.enum(ROLES))
      .describe('The roles in force: a token may carry fewer than its user holds.'),
    csrfToken: z
      .string()
      .optional()
      .describe('Given at sign-in only: send it as `x-csrf-token` with every change.'),
    expiresAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'Session' });

/** A path parameter naming a party. */
export const ZPartyParams = z.object({ id: z.string().max(16) });
/** A path parameter naming a user. */
export const ZUserParams = z.object({ id: z.uuid() });
/** A path parameter naming a token. */
export const ZTokenParams = z.object({ id: z.string().max(32) });
