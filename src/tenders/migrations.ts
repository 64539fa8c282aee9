import { type Kysely, sql } from 'kysely';
import type { NamedMigration } from '../platform/db/migrate.ts';

/**
 * Tenders. Two tables are primary data, written beside the ledger and never by replay
 * (docs/decisions/0003): `tender_keys`, each tender's bid key wrapped by the master key, and
 * `sealed_bids`, each bid's content encrypted under it. The rest are projections of the ledger.
 * Instants are ISO 8601 UTC text, which sorts as time does and reads back the same on both dialects.
 */
export const tendersMigrations: readonly NamedMigration[] = [
  {
    name: '2026-11-26-09-tenders',
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE TABLE tender_keys (
          tender_id uuid PRIMARY KEY,
          nonce bytea NOT NULL,
          wrapped_key bytea NOT NULL
        )`.execute(db);
      await sql`
        CREATE TABLE sealed_bids (
          bid_id uuid PRIMARY KEY,
          tender_id uuid NOT NULL,
          nonce bytea NOT NULL,
          ciphertext bytea NOT NULL
        )`.execute(db);
      await sql`CREATE INDEX sealed_bids_tender ON sealed_bids (tender_id)`.execute(db);
      await sql`
        CREATE TABLE tenders (
          id uuid PRIMARY KEY,
          title text NOT NULL,
          currency text NOT NULL,
          state text NOT NULL,
          bid_deadline text NOT NULL,
          standstill_days integer NOT NULL,
          standstill_ends_at text,
          eligibility jsonb NOT NULL,
          conversions jsonb NOT NULL,
          method jsonb NOT NULL,
          documents text NOT NULL,
          documents_version integer NOT NULL DEFAULT 1,
          published_at text,
          cancel_reason text,
          award jsonb,
          award_proposed_by text,
          event_id uuid NOT NULL
        )`.execute(db);
      await sql`
        CREATE TABLE tender_lots (
          tender_id uuid NOT NULL REFERENCES tenders (id),
          lot text NOT NULL,
          title text NOT NULL,
          items jsonb NOT NULL,
          quantity bigint NOT NULL CHECK (quantity > 0),
          nations jsonb NOT NULL,
          requirements jsonb NOT NULL,
          ceiling_minor bigint NOT NULL CHECK (ceiling_minor > 0),
          duration_months integer NOT NULL,
          awards integer NOT NULL CHECK (awards > 0),
          agreement_id uuid,
          PRIMARY KEY (tender_id, lot)
        )`.execute(db);
      await sql`
        CREATE TABLE tender_bids (
          id uuid PRIMARY KEY,
          tender_id uuid NOT NULL REFERENCES tenders (id),
          lot text NOT NULL,
          supplier text NOT NULL,
          state text NOT NULL,
          commitment text NOT NULL,
          submitted_at text NOT NULL,
          final_submitted_at text NOT NULL,
          documents_version integer NOT NULL,
          content jsonb,
          salt text,
          set_aside_reason text,
          set_aside_detail text
        )`.execute(db);
      await sql`CREATE INDEX tender_bids_tender ON tender_bids (tender_id, supplier)`.execute(db);
      await sql`
        CREATE TABLE supplier_registrations (
          supplier text NOT NULL,
          supply_class text NOT NULL,
          PRIMARY KEY (supplier, supply_class)
        )`.execute(db);
      await sql`
        CREATE TABLE tender_clarifications (
          id uuid PRIMARY KEY,
          tender_id uuid NOT NULL REFERENCES tenders (id),
          asked_by text NOT NULL,
          question text NOT NULL,
          asked_at text NOT NULL,
          answer text,
          answered_at text
        )`.execute(db);
      await sql`
        CREATE TABLE tender_declarations (
          tender_id uuid NOT NULL REFERENCES tenders (id),
          evaluator text NOT NULL,
          statement text NOT NULL,
          declared_at text NOT NULL,
          PRIMARY KEY (tender_id, evaluator)
        )`.execute(db);
      await sql`
        CREATE TABLE tender_marks (
          tender_id uuid NOT NULL REFERENCES tenders (id),
          bid_id uuid NOT NULL,
          requirement text NOT NULL,
          pass boolean NOT NULL,
          justification text NOT NULL,
          evaluator text NOT NULL,
          PRIMARY KEY (bid_id, requirement)
        )`.execute(db);
      await sql`
        CREATE TABLE tender_rankings (
          tender_id uuid NOT NULL REFERENCES tenders (id),
          lot text NOT NULL,
          rank integer NOT NULL,
          bid_id uuid NOT NULL,
          supplier text NOT NULL,
          price_minor bigint NOT NULL,
          score bigint,
          PRIMARY KEY (tender_id, lot, rank)
        )`.execute(db);
      await sql`
        CREATE TABLE tender_challenges (
          id uuid PRIMARY KEY,
          tender_id uuid NOT NULL REFERENCES tenders (id),
          supplier text NOT NULL,
          reason text NOT NULL,
          documents jsonb NOT NULL,
          state text NOT NULL,
          decision_reason text,
          lodged_at text NOT NULL
        )`.execute(db);
    },
  },
];
