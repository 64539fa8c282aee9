import { z } from 'zod';
import { ROLES } from '../platform/access/policy.ts';
import { GROUPS, PARTY_KINDS } from './model.ts';

const ZRoles = z.array(z.enum(ROLES));

/**
 * The events of the parties context, as written to the ledger. Changing one is changing history:
 * add a new event type instead, and keep the projector able to read every old one.
 */
export const partyEvents = {
  PartyRegistered: z.object({
    id: z.string(),
    kind: z.enum(PARTY_KINDS),
    name: z.string(),
    iso3: z.string().nullable(),
    ncbCode: z.string().nullable(),
    ncage: z.string().nullable(),
    country: z.string().nullable(),
    groups: z.array(z.enum(GROUPS)),
  }),
  UserCreated: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    partyId: z.string(),
    roles: ZRoles,
    createdAt: z.string(),
  }),
  RolesChanged: z.object({ userId: z.string(), roles: ZRoles, previous: ZRoles }),
  /** The act only: the new hash is kept beside the ledger, never in it. */
  PasswordChanged: z.object({ userId: z.string(), changedAt: z.string() }),
  TokenIssued: z.object({
    id: z.string(),
    userId: z.string(),
    label: z.string(),
    scopes: ZRoles,
    createdAt: z.string(),
    expiresAt: z.string(),
  }),
  TokenRevoked: z.object({ tokenId: z.string(), userId: z.string(), revokedAt: z.string() }),
} as const;

export type PartyEventType = keyof typeof partyEvents;
export type PartyEventPayload<T extends PartyEventType> = z.infer<(typeof partyEvents)[T]>;
