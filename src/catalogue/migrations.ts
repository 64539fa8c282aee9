import { type Kysely, sql } from 'kysely';
import type { NamedMigration } from '../platform/db/migrate.ts';

/**
 * The catalogue's read models: items by NSN, weapon platforms, the compatibility edges between
 * them, nations' fleets and the level each nation accepts per family. All are projections of the
 * ledger, the history of every edge's assessments among them.
 */
export const catalogueMigrations: readonly NamedMigration[] = [
  {
    name: '2026-11-26-03-catalogue',
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE TABLE catalogue_items (
          nsn text PRIMARY KEY,
          supply_class text NOT NULL,
          ncb text NOT NULL,
          name text NOT NULL,
          family text NOT NULL,
          standards text[] NOT NULL DEFAULT '{}',
          unit_of_issue text NOT NULL,
          reference_price_minor bigint,
          reference_currency text,
          restricted boolean NOT NULL DEFAULT false,
          verified boolean NOT NULL,
          source text NOT NULL,
          search tsvector GENERATED ALWAYS AS (to_tsvector('simple', name || ' ' || family)) STORED,
          event_id uuid NOT NULL,
          CHECK ((reference_price_minor IS NULL) = (reference_currency IS NULL))
        )`.execute(db);
      await sql`CREATE INDEX catalogue_items_prefix ON catalogue_items (nsn text_pattern_ops)`.execute(
        db,
      );
      await sql`CREATE INDEX catalogue_items_class ON catalogue_items (supply_class)`.execute(db);
      await sql`CREATE INDEX catalogue_items_family ON catalogue_items (family)`.execute(db);
      await sql`CREATE INDEX catalogue_items_search ON catalogue_items USING gin (search)`.execute(
        db,
      );
      await sql`
        CREATE TABLE catalogue_platforms (
          id text PRIMARY KEY,
          name text NOT NULL,
          family text NOT NULL,
          description text NOT NULL,
          verified boolean NOT NULL,
          source text NOT NULL,
          event_id uuid NOT NULL
        )`.execute(db);
      await sql`
        CREATE TABLE catalogue_compatibility (
          nsn text NOT NULL,
          platform text NOT NULL,
          level text NOT NULL,
          source text NOT NULL,
          as_of date NOT NULL,
          event_id uuid NOT NULL,
          PRIMARY KEY (nsn, platform)
        )`.execute(db);
      await sql`CREATE INDEX catalogue_compatibility_platform ON catalogue_compatibility (platform)`.execute(
        db,
      );
      await sql`
        CREATE TABLE catalogue_fleets (
          nation text NOT NULL,
          platform text NOT NULL,
          count integer NOT NULL CHECK (count > 0),
          event_id uuid NOT NULL,
          PRIMARY KEY (nation, platform)
        )`.execute(db);
      await sql`
        CREATE TABLE catalogue_accepted_levels (
          nation text NOT NULL,
          family text NOT NULL,
          level text NOT NULL,
          event_id uuid NOT NULL,
          PRIMARY KEY (nation, family)
        )`.execute(db);
    },
  },
  {
    name: '2026-11-26-07-catalogue-compatibility-history',
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE TABLE catalogue_compatibility_history (
          event_id uuid PRIMARY KEY,
          nsn text NOT NULL,
          platform text NOT NULL,
          ordinal integer NOT NULL,
          level text NOT NULL,
          source text NOT NULL,
          as_of date NOT NULL,
          recorded_by text NOT NULL,
          recorded_at timestamptz NOT NULL,
          UNIQUE (nsn, platform, ordinal)
        )`.execute(db);
      // A projection like the others: fill it from the assessments already in the ledger.
      await sql`
        INSERT INTO catalogue_compatibility_history
        SELECT id, payload->>'nsn', payload->>'platform',
               row_number() OVER (PARTITION BY payload->>'nsn', payload->>'platform' ORDER BY seq),
               payload->>'level', payload->>'source', (payload->>'asOf')::date, actor, recorded_at
        FROM ledger_events WHERE type = 'CompatibilityAssessed'`.execute(db);
    },
  },
];
