import { type Kysely, sql } from 'kysely';
import type { NamedMigration } from '../platform/db/migrate.ts';

/**
 * Framework agreements and their call-offs, as projections of the ledger. Money is bigint minor
 * units; days and months are ISO text (`YYYY-MM-DD`, `YYYY-MM`), which sorts as dates do and reads
 * back the same on both dialects. The running sums a call-off's checks need (committed value, pooled
 * volume, a supplier's units per month) are kept beside the rows they sum, so that each check reads
 * a row or two after the agreement's lock instead of summing the call-offs.
 */
export const agreementsMigrations: readonly NamedMigration[] = [
  {
    name: '2026-11-26-06-agreements',
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE TABLE agreements (
          id uuid PRIMARY KEY,
          title text NOT NULL,
          lot text,
          currency text NOT NULL,
          ceiling_minor bigint NOT NULL CHECK (ceiling_minor > 0),
          committed_minor bigint NOT NULL DEFAULT 0,
          valid_from text NOT NULL,
          valid_to text NOT NULL,
          state text NOT NULL,
          price_variation_bound_bp integer NOT NULL,
          created_at text NOT NULL,
          event_id uuid NOT NULL,
          CHECK (valid_from <= valid_to)
        )`.execute(db);
      await sql`
        CREATE TABLE agreement_items (
          agreement_id uuid NOT NULL REFERENCES agreements (id),
          nsn text NOT NULL,
          PRIMARY KEY (agreement_id, nsn)
        )`.execute(db);
      await sql`
        CREATE TABLE agreement_nations (
          agreement_id uuid NOT NULL REFERENCES agreements (id),
          nation text NOT NULL,
          sub_ceiling_minor bigint,
          committed_minor bigint NOT NULL DEFAULT 0,
          PRIMARY KEY (agreement_id, nation)
        )`.execute(db);
      await sql`CREATE INDEX agreement_nations_nation ON agreement_nations (nation)`.execute(db);
      await sql`
        CREATE TABLE agreement_suppliers (
          agreement_id uuid NOT NULL REFERENCES agreements (id),
          supplier text NOT NULL,
          rank integer NOT NULL,
          currency text NOT NULL,
          monthly_capacity bigint NOT NULL,
          PRIMARY KEY (agreement_id, supplier)
        )`.execute(db);
      await sql`CREATE INDEX agreement_suppliers_supplier ON agreement_suppliers (supplier)`.execute(
        db,
      );
      await sql`
        CREATE TABLE agreement_tiers (
          agreement_id uuid NOT NULL,
          supplier text NOT NULL,
          nsn text NOT NULL,
          from_quantity bigint NOT NULL,
          unit_price_minor bigint NOT NULL,
          PRIMARY KEY (agreement_id, supplier, nsn, from_quantity)
        )`.execute(db);
      await sql`
        CREATE TABLE agreement_volumes (
          agreement_id uuid NOT NULL,
          supplier text NOT NULL,
          nsn text NOT NULL,
          pooled bigint NOT NULL,
          PRIMARY KEY (agreement_id, supplier, nsn)
        )`.execute(db);
      await sql`
        CREATE TABLE ceiling_proposals (
          id uuid PRIMARY KEY,
          agreement_id uuid NOT NULL REFERENCES agreements (id),
          ceiling_minor bigint NOT NULL,
          reason text NOT NULL,
          proposed_by text NOT NULL,
          proposed_at text NOT NULL,
          state text NOT NULL,
          decided_by text,
          decided_at text,
          decision_reason text
        )`.execute(db);
      await sql`
        CREATE TABLE call_offs (
          id uuid PRIMARY KEY,
          agreement_id uuid NOT NULL REFERENCES agreements (id),
          nation text NOT NULL,
          supplier text NOT NULL,
          nsn text NOT NULL,
          destination text NOT NULL,
          quantity bigint NOT NULL CHECK (quantity > 0),
          currency text NOT NULL,
          tier_from bigint NOT NULL,
          unit_price_minor bigint NOT NULL,
          placed_unit_price_minor bigint NOT NULL,
          variation_bp integer NOT NULL,
          value_minor bigint NOT NULL,
          ceiling_currency text NOT NULL,
          fx_rate text NOT NULL,
          fx_inverted boolean NOT NULL,
          fx_day text NOT NULL,
          ceiling_value_minor bigint NOT NULL,
          rebated_minor bigint NOT NULL DEFAULT 0,
          state text NOT NULL,
          chosen_by text NOT NULL,
          placed_at text NOT NULL,
          placed_by text NOT NULL,
          cancel_reason text,
          declared_quantity bigint NOT NULL DEFAULT 0,
          accepted_quantity bigint NOT NULL DEFAULT 0,
          event_id uuid NOT NULL
        )`.execute(db);
      await sql`CREATE INDEX call_offs_pool ON call_offs (agreement_id, supplier, nsn)`.execute(db);
      await sql`CREATE INDEX call_offs_nation ON call_offs (nation, placed_at)`.execute(db);
      await sql`CREATE INDEX call_offs_supplier ON call_offs (supplier, placed_at)`.execute(db);
      await sql`
        CREATE TABLE call_off_months (
          call_off_id uuid NOT NULL REFERENCES call_offs (id),
          month text NOT NULL,
          quantity bigint NOT NULL,
          PRIMARY KEY (call_off_id, month)
        )`.execute(db);
      await sql`
        CREATE TABLE agreement_monthly_load (
          agreement_id uuid NOT NULL,
          supplier text NOT NULL,
          month text NOT NULL,
          quantity bigint NOT NULL,
          PRIMARY KEY (agreement_id, supplier, month)
        )`.execute(db);
      await sql`
        CREATE TABLE call_off_deliveries (
          id uuid PRIMARY KEY,
          call_off_id uuid NOT NULL REFERENCES call_offs (id),
          quantity bigint NOT NULL,
          lot_number text NOT NULL,
          delivered_on text NOT NULL,
          state text NOT NULL,
          reason text,
          declared_at text NOT NULL,
          decided_at text
        )`.execute(db);
      await sql`CREATE INDEX call_off_deliveries_call_off ON call_off_deliveries (call_off_id)`.execute(
        db,
      );
      await sql`
        CREATE TABLE call_off_timeline (
          call_off_id uuid NOT NULL,
          step integer NOT NULL,
          event_id uuid NOT NULL,
          at text NOT NULL,
          actor text NOT NULL,
          kind text NOT NULL,
          detail jsonb NOT NULL,
          PRIMARY KEY (call_off_id, step)
        )`.execute(db);
    },
  },
  {
    // A placement asks, per supplier of the agreement, for the highest price among the live
    // call-offs of an item (rebates reach below it): the price in the index answers from its top
    // instead of reading every call-off of the pool.
    name: '2026-11-26-12-agreements-pool-price',
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE INDEX call_offs_pool_price
        ON call_offs (agreement_id, supplier, nsn, unit_price_minor)`.execute(db);
      await sql`DROP INDEX call_offs_pool`.execute(db);
    },
  },
  {
    // A placement locks its agreement, then reads what it decides on: in one round trip, the
    // function reading after the lock is taken. Being VOLATILE, it reads with a snapshot of its
    // own, taken once the lock is held, so it sees everything the previous holder committed.
    name: '2026-11-26-13-agreements-placement-facts',
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE FUNCTION agreement_placement_facts(
          for_agreement uuid, for_nation text, for_nsn text, in_months text[])
        RETURNS TABLE (
          loads json, pooled json, prices json, nation_committed bigint, stream_version bigint)
        LANGUAGE sql VOLATILE AS $$
          SELECT
            (SELECT coalesce(json_agg(json_build_object(
                'supplier', l.supplier, 'month', l.month, 'quantity', l.quantity::text)), '[]'::json)
              FROM agreement_monthly_load AS l
              WHERE l.agreement_id = for_agreement AND l.month = ANY (in_months)),
            (SELECT coalesce(json_agg(json_build_object(
                'supplier', v.supplier, 'pooled', v.pooled::text)), '[]'::json)
              FROM agreement_volumes AS v
              WHERE v.agreement_id = for_agreement AND v.nsn = for_nsn),
            (SELECT coalesce(json_agg(json_build_object(
                'supplier', s.supplier, 'price', live.price::text)), '[]'::json)
              FROM agreement_suppliers AS s
              CROSS JOIN LATERAL (SELECT max(c.unit_price_minor) AS price FROM call_offs AS c
                WHERE c.agreement_id = s.agreement_id AND c.supplier = s.supplier
                  AND c.nsn = for_nsn AND c.state IN ('placed', 'confirmed', 'closed')) AS live
              WHERE s.agreement_id = for_agreement AND live.price IS NOT NULL),
            (SELECT n.committed_minor FROM agreement_nations AS n
              WHERE n.agreement_id = for_agreement AND n.nation = for_nation),
            (SELECT st.version FROM ledger_streams AS st
              WHERE st.stream = 'agreement:' || for_agreement::text)
        $$`.execute(db);
    },
  },
  {
    // A group of placements locks its agreements, in the order of their ids, then reads, once,
    // each agreement as locked and the facts of every item and month the group asks about and
    // every nation's committed value. The function takes the locks first: being VOLATILE, its
    // next statement reads with a snapshot taken once they are held, so it sees everything the
    // previous holders committed. In PL/pgSQL, which keeps each statement's plan for the session,
    // where a function in SQL that is not inlined plans its statements again on every call.
    name: '2026-11-26-14-agreements-group-placement-facts',
    async up(db: Kysely<unknown>) {
      await sql`DROP FUNCTION agreement_placement_facts(uuid, text, text, text[])`.execute(db);
      await sql`
        CREATE FUNCTION agreement_placement_facts(
          for_agreements uuid[], for_nsns text[], in_months text[])
        RETURNS TABLE (
          agreement agreements, loads json, pooled json, prices json, committed json, stream_version bigint)
        LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
          PERFORM 1 FROM agreements AS a WHERE a.id = ANY (for_agreements) ORDER BY a.id FOR UPDATE;
          RETURN QUERY SELECT
            a,
            (SELECT coalesce(json_agg(json_build_object(
                'supplier', l.supplier, 'month', l.month, 'quantity', l.quantity::text)), '[]'::json)
              FROM agreement_monthly_load AS l
              WHERE l.agreement_id = a.id AND l.month = ANY (in_months)),
            (SELECT coalesce(json_agg(json_build_object(
                'supplier', v.supplier, 'nsn', v.nsn, 'pooled', v.pooled::text)), '[]'::json)
              FROM agreement_volumes AS v
              WHERE v.agreement_id = a.id AND v.nsn = ANY (for_nsns)),
            (SELECT coalesce(json_agg(json_build_object(
                'supplier', s.supplier, 'nsn', i.nsn, 'price', live.price::text)), '[]'::json)
              FROM agreement_suppliers AS s
              CROSS JOIN unnest(for_nsns) AS i (nsn)
              CROSS JOIN LATERAL (SELECT max(c.unit_price_minor) AS price FROM call_offs AS c
                WHERE c.agreement_id = s.agreement_id AND c.supplier = s.supplier
                  AND c.nsn = i.nsn AND c.state IN ('placed', 'confirmed', 'closed')) AS live
              WHERE s.agreement_id = a.id AND live.price IS NOT NULL),
            (SELECT coalesce(json_agg(json_build_object(
                'nation', n.nation, 'committed', n.committed_minor::text)), '[]'::json)
              FROM agreement_nations AS n
              WHERE n.agreement_id = a.id),
            (SELECT st.version FROM ledger_streams AS st
              WHERE st.stream = 'agreement:' || a.id::text)
          FROM agreements AS a
          WHERE a.id = ANY (for_agreements);
        END
        $$;`.execute(db);
    },
  },
];
