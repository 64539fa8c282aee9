import { type Kysely, sql } from 'kysely';
import type { NamedMigration } from '../db/migrate.ts';

/**
 * The ledger's tables. `ledger_events` is insert-only: a trigger refuses UPDATE, DELETE and
 * TRUNCATE whoever asks, and on PostgreSQL the owning role also gives up those privileges, so the
 * application's own connection cannot rewrite history.
 */
export const ledgerMigrations: readonly NamedMigration[] = [
  {
    name: '2026-11-26-01-platform-ledger',
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE TABLE ledger_events (
          seq bigint PRIMARY KEY,
          id uuid NOT NULL UNIQUE,
          stream text NOT NULL,
          version bigint NOT NULL,
          type text NOT NULL,
          payload jsonb NOT NULL,
          actor text NOT NULL,
          recorded_at timestamptz NOT NULL,
          prev_hash bytea NOT NULL CHECK (octet_length(prev_hash) = 32),
          hash bytea NOT NULL CHECK (octet_length(hash) = 32),
          UNIQUE (stream, version)
        )`.execute(db);
      await sql`
        CREATE TABLE ledger_streams (
          stream text PRIMARY KEY,
          version bigint NOT NULL CHECK (version > 0)
        )`.execute(db);
      await sql`
        CREATE TABLE ledger_head (
          singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
          seq bigint NOT NULL,
          hash bytea NOT NULL CHECK (octet_length(hash) = 32)
        )`.execute(db);
      await sql`INSERT INTO ledger_head (singleton, seq, hash) VALUES (true, 0, ${new Uint8Array(32)})`.execute(
        db,
      );
      await sql`
        CREATE FUNCTION ledger_refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'the ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
        END
        $$`.execute(db);
      await sql`
        CREATE TRIGGER ledger_events_append_only BEFORE UPDATE OR DELETE ON ledger_events
        FOR EACH ROW EXECUTE FUNCTION ledger_refuse_rewrite()`.execute(db);
      await sql`
        CREATE TRIGGER ledger_events_no_truncate BEFORE TRUNCATE ON ledger_events
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_rewrite()`.execute(db);
      await sql`
        CREATE TRIGGER ledger_head_no_truncate BEFORE DELETE OR TRUNCATE ON ledger_head
        FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_rewrite()`.execute(db);
      await sql`REVOKE UPDATE, DELETE, TRUNCATE ON ledger_events FROM PUBLIC, CURRENT_USER`.execute(
        db,
      );
      await sql`REVOKE DELETE, TRUNCATE ON ledger_head FROM PUBLIC, CURRENT_USER`.execute(db);
    },
  },
];
