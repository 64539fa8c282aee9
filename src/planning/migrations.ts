import { type Kysely, sql } from 'kysely';
import type { NamedMigration } from '../platform/db/migrate.ts';

/**
 * Production lines, their ramp-ups and computed plans, as projections of the ledger. A supplier
 * has one line per item, so that a capacity file imported again finds the lines it made.
 */
export const planningMigrations: readonly NamedMigration[] = [
  {
    name: '2026-11-26-13-planning',
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE TABLE production_lines (
          id uuid PRIMARY KEY,
          supplier text NOT NULL,
          nsn text NOT NULL,
          monthly_capacity bigint NOT NULL CHECK (monthly_capacity >= 0),
          from_month text NOT NULL CHECK (from_month ~ '^\\d{4}-\\d{2}$'),
          revision integer NOT NULL,
          added_at text NOT NULL,
          updated_at text NOT NULL,
          event_id uuid NOT NULL,
          UNIQUE (supplier, nsn)
        )`.execute(db);
      await sql`
        CREATE TABLE production_ramp_ups (
          id uuid PRIMARY KEY,
          line_id uuid NOT NULL,
          added_per_month bigint NOT NULL CHECK (added_per_month > 0),
          decided_in text NOT NULL,
          lead_months integer NOT NULL CHECK (lead_months >= 0),
          note text NOT NULL,
          decided_at text NOT NULL,
          event_id uuid NOT NULL
        )`.execute(db);
      await sql`CREATE INDEX production_ramp_ups_line ON production_ramp_ups (line_id)`.execute(db);
      await sql`
        CREATE TABLE plans (
          id uuid PRIMARY KEY,
          computed_at text NOT NULL,
          computed_by text NOT NULL,
          inputs_at bigint NOT NULL,
          solver text NOT NULL,
          first_month text NOT NULL,
          months integer NOT NULL,
          currency text NOT NULL,
          need bigint NOT NULL,
          served bigint NOT NULL,
          lateness bigint NOT NULL,
          cost_minor bigint NOT NULL,
          input jsonb NOT NULL,
          results jsonb NOT NULL,
          event_id uuid NOT NULL
        )`.execute(db);
    },
  },
];
