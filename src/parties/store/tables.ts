import type { ColumnType } from 'kysely';
import type { Role } from '../../platform/access/policy.ts';
import type { Group, PartyKind } from '../model.ts';

export interface PartiesTable {
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

export interface UsersTable {
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

export interface ApiTokensTable {
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

declare module '../../platform/db/database.ts' {
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
