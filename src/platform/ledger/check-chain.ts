import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';
import { GENESIS_HASH, type LedgerHead } from './model.ts';

/** Why a row breaks the chain, in the order `verify` checks them. */
export type BreakKind = 'missing' | 'prev_hash' | 'hash' | 'fields' | 'payload' | 'expect';

/** The first row of a batch that breaks the chain, or the batch's last row when none does. */
export type BatchOutcome =
  | { kind: 'break'; break: BreakKind; seq: bigint; prevSeq: bigint }
  | { kind: 'last'; seq: bigint; hash: Uint8Array };

/** What `checkBatch` needs besides where the previous batch ended. */
export interface BatchCheck {
  size: number;
  /** The last seq of the range being checked. */
  until: bigint;
  /** Compare each payload with its canonical text: needed only when the database stopped doing it. */
  comparePayloads: boolean;
  expect: LedgerHead | undefined;
}

// How pg_get_expr prints the migration's generation expression, on PostgreSQL 15 and 17 alike.
const PAYLOAD_EXPRESSION = `((canonical)::jsonb -> 'payload'::text)`;

/**
 * Whether the payload column is still generated from the canonical text, as the migration made
 * it: then no row can hold a payload its canonical text does not, and checking each row's text is
 * enough. Only DDL can undo it, which this reads in the catalog.
 */
export async function payloadDerivedFromCanonical(trx: Trx): Promise<boolean> {
  const { rows } = await sql<{ derived: boolean }>`
    SELECT a.attgenerated = 's' AND pg_get_expr(d.adbin, d.adrelid) = ${PAYLOAD_EXPRESSION} AS derived
    FROM pg_attribute a
    JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE a.attrelid = 'ledger_events'::regclass AND a.attname = 'payload' AND NOT a.attisdropped`.execute(
    trx,
  );
  return rows[0]?.derived === true;
}

/** The highest seq in this snapshot: where the rows to check end. */
export async function lastSeq(trx: Trx): Promise<bigint> {
  const { rows } = await sql<{ seq: bigint | null }>`
    SELECT max(seq) AS seq FROM ledger_events WHERE seq > 0`.execute(trx);
  return rows[0]?.seq ?? 0n;
}

/** The last row at or before `seq`, which the row after it must chain from; genesis when none. */
export async function rowAtOrBefore(trx: Trx, seq: bigint): Promise<LedgerHead> {
  const { rows } = await sql<{ seq: bigint; hash: Uint8Array }>`
    SELECT seq, hash FROM ledger_events WHERE seq > 0 AND seq <= ${seq}
    ORDER BY seq DESC LIMIT 1`.execute(trx);
  const row = rows[0];
  return row === undefined
    ? { seq: 0n, hash: GENESIS_HASH }
    : { seq: row.seq, hash: new Uint8Array(row.hash) };
}

/** Names this transaction's snapshot, so that other connections can see exactly the same rows. */
export async function exportSnapshot(trx: Trx): Promise<string> {
  const { rows } = await sql<{ id: string }>`SELECT pg_export_snapshot() AS id`.execute(trx);
  const id = rows[0]?.id;
  if (id === undefined || !/^[0-9A-F-]+$/i.test(id))
    throw new Error(`unexpected snapshot id ${id}`);
  return id;
}

/** Makes a just-begun repeatable-read transaction see the snapshot another one exported. */
export async function importSnapshot(trx: Trx, id: string): Promise<void> {
  // SET TRANSACTION takes no parameters; the id was checked when it was exported.
  await sql`SET TRANSACTION SNAPSHOT ${sql.lit(id)}`.execute(trx);
}

/**
 * What the canonical JSON of a row must open with (the fields before the payload) and close with
 * (the fields after it), in RFC 8785 order: to_json escapes strings exactly as JSON.stringify
 * does, and the time is written with milliseconds in UTC. The canonical text and the closing are
 * also taken as bytes, so that finding where the closing starts costs nothing in UTF-8. Selected
 * once per row beside the row's columns, since PostgreSQL would build an expression again wherever
 * it appears.
 */
export const fieldTexts = sql`
  convert_to(canonical, 'UTF8') AS canonical_bytes,
  '{"actor":' || to_json(actor)::text || ',"id":"' || id::text || '","payload":' AS opening,
  convert_to(',"recorded_at":"'
    || to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    || '","seq":"' || seq::text || '","stream":' || to_json(stream)::text
    || ',"type":' || to_json(type)::text || ',"version":"' || version::text || '"}', 'UTF8') AS closing`;

/** hash = sha256(prev_hash ‖ canonical_json(entry)), from the text the row keeps, given its `fieldTexts`. */
export const recomputedHash = sql`sha256(prev_hash || canonical_bytes)`;

/**
 * Whether a row's columns other than the payload are those its canonical text describes, given
 * its `fieldTexts`. The opening and closing cannot overlap: each holds the other's keys only
 * inside JSON strings, where quotes are escaped. The time must also have no digits past the
 * milliseconds the text holds.
 */
export const fieldsMatch = sql`starts_with(canonical, opening)
  AND substring(canonical_bytes FROM octet_length(canonical_bytes) - octet_length(closing) + 1) = closing
  AND recorded_at = date_trunc('milliseconds', recorded_at)`;

/**
 * Checks the next `size` rows after `after`, up to `until`, in one statement: each row's seq and
 * prev_hash against the row before, its hash against sha256 of its prev_hash and canonical text,
 * its other columns against that text. Returns the first row that fails, or the last row to go
 * on from.
 */
export async function checkBatch(
  trx: Trx,
  after: LedgerHead,
  check: BatchCheck,
): Promise<BatchOutcome | undefined> {
  const payload = check.comparePayloads
    ? sql`WHEN payload IS DISTINCT FROM (canonical::jsonb -> 'payload') THEN 'payload'`
    : sql``;
  const payloadColumn = check.comparePayloads ? sql`payload,` : sql``;
  const expect =
    check.expect === undefined
      ? sql``
      : sql`WHEN seq = ${check.expect.seq} AND hash IS DISTINCT FROM ${check.expect.hash} THEN 'expect'`;
  const { rows } = await sql<{
    seq: bigint;
    prev_seq: bigint;
    hash: Uint8Array;
    problem: BreakKind | null;
  }>`
    SELECT seq, prev_seq, hash, problem FROM (
      SELECT seq, hash, coalesce(lag(seq) OVER w, ${after.seq}) AS prev_seq,
        CASE
          WHEN seq <> coalesce(lag(seq) OVER w, ${after.seq}) + 1 THEN 'missing'
          WHEN prev_hash IS DISTINCT FROM coalesce(lag(hash) OVER w, ${after.hash}) THEN 'prev_hash'
          WHEN hash IS DISTINCT FROM ${recomputedHash} THEN 'hash'
          WHEN NOT coalesce(${fieldsMatch}, false) THEN 'fields'
          ${payload}
          ${expect}
        END AS problem,
        lead(seq) OVER w IS NULL AS last
      FROM (
        SELECT seq, prev_hash, hash, canonical, recorded_at, ${payloadColumn} ${fieldTexts}
        FROM ledger_events
        WHERE seq > ${after.seq} AND seq <= ${check.until}
        ORDER BY seq
        LIMIT ${check.size}
      ) AS batch
      WINDOW w AS (ORDER BY seq)
    ) AS checked
    WHERE problem IS NOT NULL OR last
    ORDER BY seq
    LIMIT 1`.execute(trx);
  const row = rows[0];
  if (row === undefined) return undefined;
  if (row.problem !== null) {
    return { kind: 'break', break: row.problem, seq: row.seq, prevSeq: row.prev_seq };
  }
  return { kind: 'last', seq: row.seq, hash: new Uint8Array(row.hash) };
}
