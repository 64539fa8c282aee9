import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { NamedMigration } from '../db/migrate.ts';
import { canonicalEntry } from './model.ts';
import { readEventsAfter } from './store.ts';

// Rows per UPDATE: two parameters each, well under PGlite's 32,767.
const BACKFILL_BATCH = 2000;

/**
 * Gives every row written before the `canonical` column existed the text its hash was computed
 * over, rebuilt from its columns exactly as `verify` used to rebuild it: a row that was tampered
 * with gets the text of its tampered columns, which its hash still refuses. The append-only
 * trigger and privilege are lifted for this one statement family and restored before commit.
 */
async function backfillCanonical(db: Kysely<unknown>): Promise<void> {
  // Migrations see the database untyped; these tables are the ledger's own, as store.ts types them.
  const ledger = db as Kysely<Database>;
  const first = await readEventsAfter(ledger, 0n, 1);
  if (first.length === 0) return;
  await sql`ALTER TABLE ledger_events DISABLE TRIGGER ledger_events_append_only`.execute(db);
  await sql`GRANT UPDATE (canonical) ON ledger_events TO CURRENT_USER`.execute(db);
  let after = 0n;
  for (;;) {
    const batch = await readEventsAfter(ledger, after, BACKFILL_BATCH);
    const last = batch.at(-1);
    if (last === undefined) break;
    const texts = batch.map((event) => sql`(${event.seq}::bigint, ${canonicalEntry(event)})`);
    await sql`
      UPDATE ledger_events AS e SET canonical = v.canonical
      FROM (VALUES ${sql.join(texts)}) AS v (seq, canonical)
      WHERE e.seq = v.seq`.execute(db);
    after = last.seq;
  }
  await sql`REVOKE UPDATE (canonical) ON ledger_events FROM CURRENT_USER`.execute(db);
  await sql`ALTER TABLE ledger_events ENABLE TRIGGER ledger_events_append_only`.execute(db);
}

/**
 * Adds the payload column as PostgreSQL keeps it: generated from the canonical text, so that no
 * write, however privileged, can give a row a payload its hash does not cover. `verify` relies on
 * it and reads the catalog to check it still holds.
 */
export async function generatePayloadFromCanonical(
  db: Pick<Kysely<unknown>, 'getExecutor'>,
): Promise<void> {
  await sql`
    ALTER TABLE ledger_events ADD COLUMN payload jsonb NOT NULL
    GENERATED ALWAYS AS ((canonical::jsonb) -> 'payload') STORED`.execute(db);
}

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
  {
    // See docs/decisions/0004: each row keeps the exact text its hash covers, and its payload is
    // generated from that text, so that verify can recompute the chain in SQL.
    name: '2026-11-26-04-platform-ledger-canonical',
    async up(db: Kysely<unknown>) {
      await sql`ALTER TABLE ledger_events ADD COLUMN canonical text`.execute(db);
      await backfillCanonical(db);
      await sql`ALTER TABLE ledger_events ALTER COLUMN canonical SET NOT NULL`.execute(db);
      await sql`ALTER TABLE ledger_events DROP COLUMN payload`.execute(db);
      await generatePayloadFromCanonical(db);
    },
  },
  {
    // Moving the streams and chaining move into the database, so that an append is one statement
    // and the head's lock is held for it and the commit alone: see appendToChain. Arrays in PL/pgSQL variables are expanded, so the loop is linear
    // in the number of events even for a bulk append of thousands.
    name: '2026-11-26-11-platform-ledger-append',
    async up(db: Kysely<unknown>) {
      await sql`
        CREATE FUNCTION ledger_append(
          moved_streams text[], expected bigint[], counts bigint[],
          ids uuid[], streams text[], versions bigint[], types text[], actors text[],
          recorded timestamptz[], befores text[], afters text[])
        RETURNS TABLE (chained_seq bigint, chained_prev_hash bytea, chained_hash bytea)
        LANGUAGE plpgsql AS $$
        DECLARE
          head_seq bigint;
          head_hash bytea;
          canonicals text[] := '{}';
          prevs bytea[] := '{}';
          hashes bytea[] := '{}';
          total integer := coalesce(array_length(ids, 1), 0);
          entry text;
          advanced bigint;
          created bigint;
        BEGIN
          -- Streams first, locked in stream order, so that appenders of overlapping streams queue
          -- instead of deadlocking; the head's lock is the last taken.
          PERFORM 1 FROM ledger_streams AS s
            WHERE s.stream = ANY (moved_streams) ORDER BY s.stream FOR UPDATE;
          UPDATE ledger_streams AS s SET version = m.expected + m.count
            FROM unnest(moved_streams, expected, counts) AS m (stream, expected, count)
            WHERE s.stream = m.stream AND s.version = m.expected AND m.expected > 0;
          GET DIAGNOSTICS advanced = ROW_COUNT;
          INSERT INTO ledger_streams (stream, version)
            SELECT m.stream, m.count
            FROM unnest(moved_streams, expected, counts) AS m (stream, expected, count)
            WHERE m.expected = 0
            ORDER BY m.stream
            ON CONFLICT (stream) DO NOTHING;
          GET DIAGNOSTICS created = ROW_COUNT;
          IF advanced + created < cardinality(moved_streams) THEN
            RAISE EXCEPTION 'a stream changed while this command ran' USING ERRCODE = 'QL409';
          END IF;
          -- Claiming streams alone (a command of a group commit) leaves the head to the group.
          IF total = 0 THEN
            RETURN;
          END IF;
          SELECT h.seq, h.hash INTO head_seq, head_hash FROM ledger_head AS h FOR UPDATE;
          FOR i IN 1..total LOOP
            entry := befores[i] || (head_seq + i)::text || afters[i];
            prevs[i] := head_hash;
            head_hash := sha256(head_hash || convert_to(entry, 'UTF8'));
            canonicals[i] := entry;
            hashes[i] := head_hash;
          END LOOP;
          INSERT INTO ledger_events
            (seq, id, stream, version, type, actor, recorded_at, prev_hash, hash, canonical)
          SELECT head_seq + e.n, e.id, e.stream, e.version, e.type, e.actor, e.recorded_at,
            e.prev_hash, e.hash, e.canonical
          FROM unnest(ids, streams, versions, types, actors, recorded, prevs, hashes, canonicals)
            WITH ORDINALITY
            AS e (id, stream, version, type, actor, recorded_at, prev_hash, hash, canonical, n);
          UPDATE ledger_head SET seq = head_seq + total, hash = head_hash;
          RETURN QUERY
            SELECT head_seq + c.n, c.prev_hash, c.hash
            FROM unnest(prevs, hashes) WITH ORDINALITY AS c (prev_hash, hash, n);
        END
        $$`.execute(db);
    },
  },
];
