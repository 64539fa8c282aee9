import { type Kysely, sql } from 'kysely';
import type { NamedMigration } from '../platform/db/migrate.ts';

/** Exchange rates by day and currency pair, a projection of the rates published to the ledger. */
export const ratesMigrations: readonly NamedMigration[] = [
  {
    name: '2026-11-26-05-exchange-rates',
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE TABLE exchange_rates (
          base text NOT NULL CHECK (base ~ '^[A-Z]{3}$'),
          quote text NOT NULL CHECK (quote ~ '^[A-Z]{3}$' AND quote <> base),
          day text NOT NULL CHECK (day ~ '^\\d{4}-\\d{2}-\\d{2}$'),
          rate text NOT NULL,
          source text NOT NULL,
          event_id uuid NOT NULL,
          PRIMARY KEY (base, quote, day)
        )`.execute(db);
    },
  },
];
