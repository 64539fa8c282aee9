import { type Kysely, sql } from 'kysely';
import type { NamedMigration } from '../platform/db/migrate.ts';

/**
 * Parties, users and their credentials. `parties`, `users` and `api_tokens` are read models of the
 * ledger; `user_credentials`, `api_token_secrets` and `sessions` are primary data kept beside it,
 * since a secret's hash must never reach the ledger, which auditors read; `security_events` is
 * append-only and never part of the procurement ledger.
 */
export const partiesMigrations: readonly NamedMigration[] = [
  {
    name: '2026-11-26-02-parties',
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE TABLE parties (
          id text PRIMARY KEY,
          kind text NOT NULL,
          name text NOT NULL,
          iso3 text UNIQUE,
          ncb_code text,
          ncage text UNIQUE,
          country text,
          groups text[] NOT NULL DEFAULT '{}',
          event_id uuid NOT NULL
        )`.execute(db);
      await sql`
        CREATE TABLE users (
          id uuid PRIMARY KEY,
          username text NOT NULL UNIQUE,
          display_name text NOT NULL,
          party_id text NOT NULL REFERENCES parties (id),
          roles text[] NOT NULL,
          created_at timestamptz NOT NULL,
          event_id uuid NOT NULL
        )`.execute(db);
      await sql`CREATE INDEX users_party ON users (party_id)`.execute(db);
      await sql`
        CREATE TABLE user_credentials (
          user_id uuid PRIMARY KEY,
          password_hash text NOT NULL,
          changed_at timestamptz NOT NULL
        )`.execute(db);
      await sql`
        CREATE TABLE api_tokens (
          id text PRIMARY KEY,
          user_id uuid NOT NULL,
          label text NOT NULL,
          scopes text[] NOT NULL,
          created_at timestamptz NOT NULL,
          expires_at timestamptz NOT NULL,
          revoked_at timestamptz,
          event_id uuid NOT NULL
        )`.execute(db);
      await sql`CREATE INDEX api_tokens_user ON api_tokens (user_id)`.execute(db);
      await sql`
        CREATE TABLE api_token_secrets (
          token_id text PRIMARY KEY,
          secret_hash bytea NOT NULL CHECK (octet_length(secret_hash) = 32)
        )`.execute(db);
      await sql`
        CREATE TABLE sessions (
          id text PRIMARY KEY,
          secret_hash bytea NOT NULL,
          csrf_hash bytea NOT NULL,
          user_id uuid NOT NULL,
          created_at timestamptz NOT NULL,
          expires_at timestamptz NOT NULL
        )`.execute(db);
      await sql`
        CREATE TABLE security_events (
          id bigserial PRIMARY KEY,
          at timestamptz NOT NULL,
          kind text NOT NULL,
          account text,
          address text,
          detail text
        )`.execute(db);
      await sql`CREATE INDEX security_events_account ON security_events (account, at)`.execute(db);
      await sql`
        CREATE TRIGGER security_events_append_only BEFORE UPDATE OR DELETE ON security_events
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_rewrite()`.execute(db);
      await sql`REVOKE UPDATE, DELETE, TRUNCATE ON security_events FROM PUBLIC, CURRENT_USER`.execute(
        db,
      );
    },
  },
  {
    // Servers remember who holds each API token (token-holders.ts): any change to a token, its
    // secret or its holder notifies them to forget, as the transaction that made it commits.
    name: '2026-11-27-01-parties-access-changes-notify',
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE FUNCTION parties_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM pg_notify('qm_access_changed', '');
          RETURN NULL;
        END
        $$`.execute(db);
      for (const table of ['api_tokens', 'api_token_secrets', 'users']) {
        await sql`
          CREATE TRIGGER ${sql.raw(`${table}_access_changed`)}
          AFTER UPDATE OR DELETE OR TRUNCATE ON ${sql.table(table)}
          FOR EACH STATEMENT EXECUTE FUNCTION parties_access_changed()`.execute(db);
      }
    },
  },
];
