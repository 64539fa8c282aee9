import type { Db, Trx } from '../db/database.ts';
import {
  type BreakKind,
  checkBatch,
  exportSnapshot,
  importSnapshot,
  lastSeq,
  payloadDerivedFromCanonical,
  rowAtOrBefore,
} from './check-chain.ts';
import { bytesEqual, GENESIS_HASH, type LedgerHead } from './model.ts';
import { readHead } from './store.ts';

/** The outcome of recomputing the chain. */
export type VerifyResult =
  | { ok: true; events: bigint; head: LedgerHead }
  | { ok: false; events: bigint; seq: bigint; reason: string };

export interface VerifyOptions {
  /** A head published earlier that the chain must still reach. */
  expect?: LedgerHead;
  /** Rows checked by one statement. */
  batchSize?: number;
  /**
   * Database connections that check a share of the rows each, at the same time, all in one
   * snapshot. More than one needs PostgreSQL and a pool at least that large: PGlite has one.
   */
  connections?: number;
}

/**
 * How many connections `qm ledger verify` spreads the rows over on PostgreSQL: two keep two
 * cores busy, and any pool the application opens has them.
 */
export const VERIFY_CONNECTIONS = 2;

/** Rows one statement checks, unless the caller says otherwise. */
export const VERIFY_BATCH_SIZE = 100_000;

const REASONS: Record<Exclude<BreakKind, 'missing' | 'prev_hash'>, string> = {
  hash: 'hash does not match the recomputed hash of its contents',
  fields: 'its stored fields differ from the canonical JSON its hash covers',
  payload: 'its payload differs from the canonical JSON its hash covers',
  expect: 'the chain no longer reaches the head published earlier',
};

/** The first row of a range that breaks the chain, or the last row when none does. */
type RangeOutcome = { broken: { seq: bigint; reason: string } } | { last: LedgerHead };

interface RangeCheck {
  from: bigint;
  until: bigint;
  size: number;
  comparePayloads: boolean;
  expect: LedgerHead | undefined;
}

function describeBreak(kind: BreakKind, seq: bigint, prevSeq: bigint) {
  if (kind === 'missing') {
    return {
      seq: prevSeq + 1n,
      reason: `event ${prevSeq + 1n} is missing (the next row is ${seq})`,
    };
  }
  if (kind === 'prev_hash') {
    return { seq, reason: `prev_hash does not match the hash of event ${seq - 1n}` };
  }
  return { seq, reason: REASONS[kind] };
}

/**
 * Checks the rows with seq in (from, until], in batches, chaining the first of them from the row
 * before `from` as the whole chain would: a range reports the same first break as a check from
 * genesis would, when that break lies in it.
 */
async function checkRange(trx: Trx, range: RangeCheck): Promise<RangeOutcome> {
  let last = await rowAtOrBefore(trx, range.from);
  for (;;) {
    const outcome = await checkBatch(trx, last, range);
    if (outcome === undefined) return { last };
    if (outcome.kind === 'break') {
      return { broken: describeBreak(outcome.break, outcome.seq, outcome.prevSeq) };
    }
    last = { seq: outcome.seq, hash: outcome.hash };
  }
}

/** Splits (0, end] into `parts` spans of seq, the last ending at `end`. */
function spans(end: bigint, parts: number): { from: bigint; until: bigint }[] {
  const width = end / BigInt(parts) + 1n;
  return Array.from({ length: parts }, (_, i) => {
    const from = width * BigInt(i);
    return { from, until: i === parts - 1 || from + width > end ? end : from + width };
  });
}

/**
 * Recomputes the hash chain from the first event inside one snapshot, in the database: each
 * row's hash is sha256 of its prev_hash and its stored canonical JSON, which must still describe
 * the row's columns (docs/decisions/0004). Names the first seq that does not hold, and checks the
 * head row against the last event so that a truncated tail is caught too.
 */
export async function verifyLedger(db: Db, options: VerifyOptions = {}): Promise<VerifyResult> {
  const size = options.batchSize ?? VERIFY_BATCH_SIZE;
  const connections = Math.max(1, options.connections ?? 1);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const end = await lastSeq(trx);
      const comparePayloads = !(await payloadDerivedFromCanonical(trx));
      const snapshot = connections > 1 ? await exportSnapshot(trx) : undefined;
      const check = (span: { from: bigint; until: bigint }) => ({
        ...span,
        size,
        comparePayloads,
        expect: options.expect,
      });
      // This transaction checks the first span and stays open until every other has imported its
      // snapshot, which each does before anything else.
      const outcomes = await Promise.all(
        spans(end, connections).map((span, index) =>
          index === 0 || snapshot === undefined
            ? checkRange(trx, check(span))
            : db
                .transaction()
                .setIsolationLevel('repeatable read')
                .execute(async (other) => {
                  await importSnapshot(other, snapshot);
                  return checkRange(other, check(span));
                }),
        ),
      );
      let last: LedgerHead = { seq: 0n, hash: GENESIS_HASH };
      let first: { seq: bigint; reason: string } | undefined;
      for (const outcome of outcomes) {
        if ('broken' in outcome) {
          if (first === undefined || outcome.broken.seq < first.seq) first = outcome.broken;
        } else if (outcome.last.seq > last.seq) {
          last = outcome.last;
        }
      }
      if (first !== undefined) {
        return { ok: false, events: first.seq - 1n, seq: first.seq, reason: first.reason };
      }
      return checkHead(trx, last, options.expect);
    });
}

/** With every row holding: the head row must name the last event, and reach a published head. */
async function checkHead(
  trx: Trx,
  last: LedgerHead,
  expect: LedgerHead | undefined,
): Promise<VerifyResult> {
  const fail = (seq: bigint, reason: string): VerifyResult => ({
    ok: false,
    events: last.seq,
    seq,
    reason,
  });
  const head = await readHead(trx);
  if (head === undefined) return fail(last.seq + 1n, 'the head row is missing');
  if (head.seq > last.seq) {
    return fail(last.seq + 1n, `event ${last.seq + 1n} is missing: the head is at ${head.seq}`);
  }
  if (head.seq < last.seq) {
    return fail(head.seq + 1n, `the head is at ${head.seq} but events go on to ${last.seq}`);
  }
  if (!bytesEqual(head.hash, last.hash)) {
    return fail(last.seq, 'the head hash does not match the last event');
  }
  if (expect !== undefined && expect.seq > last.seq) {
    return fail(
      last.seq + 1n,
      `the chain ends at ${last.seq}, before the published head ${expect.seq}`,
    );
  }
  return { ok: true, events: last.seq, head };
}
