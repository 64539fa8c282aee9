import { type Kysely, sql } from 'kysely';
import type { NamedMigration } from '../platform/db/migrate.ts';

/**
 * Demand signals and the nations' consent to share their lines, as projections of the ledger.
 * A nation's import key is unique, so that a line imported twice is one signal.
 */
export const demandMigrations: readonly NamedMigration[] = [
  {
    name: '2026-11-26-10-demand',
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE TABLE demand_signals (
          id uuid PRIMARY KEY,
          nation text NOT NULL,
          reference text,
          import_key text NOT NULL,
          nsn text,
          family text NOT NULL,
          platform text,
          quantity bigint NOT NULL CHECK (quantity > 0),
          needed_by text NOT NULL,
          purpose text NOT NULL,
          recipient text,
          priority integer NOT NULL,
          price_cap_minor bigint,
          price_cap_currency text,
          firmness text NOT NULL,
          state text NOT NULL,
          revision integer NOT NULL,
          posted_at text NOT NULL,
          updated_at text NOT NULL,
          event_id uuid NOT NULL,
          UNIQUE (nation, import_key)
        )`.execute(db);
      await sql`CREATE INDEX demand_signals_open ON demand_signals (state, family, needed_by)`.execute(
        db,
      );
      await sql`
        CREATE TABLE demand_sharing (
          nation text PRIMARY KEY,
          share boolean NOT NULL,
          event_id uuid NOT NULL
        )`.execute(db);
    },
  },
];
