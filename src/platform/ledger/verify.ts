import type { Db } from '../db/database.ts';
import { bytesEqual, checkLink, GENESIS_HASH, type LedgerHead } from './model.ts';
import { readEventsAfter, readHead } from './store.ts';

/** The outcome of recomputing the chain. */
export type VerifyResult =
  | { ok: true; events: bigint; head: LedgerHead }
  | { ok: false; events: bigint; seq: bigint; reason: string };

export interface VerifyOptions {
  /** A head published earlier that the chain must still reach. */
  expect?: LedgerHead;
  batchSize?: number;
  onProgress?: (checked: bigint) => void;
}

/**
 * Recomputes the hash chain from the first event, in batches, inside one snapshot; names the first
 * seq that does not hold, and checks the head row against the last event so that a truncated tail
 * is caught too.
 */
export async function verifyLedger(db: Db, options: VerifyOptions = {}): Promise<VerifyResult> {
  const batchSize = options.batchSize ?? 5000;
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      let expectedSeq = 1n;
      let prevHash: Uint8Array = GENESIS_HASH;
      const fail = (seq: bigint, reason: string): VerifyResult => ({
        ok: false,
        events: expectedSeq - 1n,
        seq,
        reason,
      });
      for (;;) {
        const batch = await readEventsAfter(trx, expectedSeq - 1n, batchSize);
        for (const row of batch) {
          const problem = checkLink(expectedSeq, prevHash, row);
          if (problem !== undefined) return fail(expectedSeq, problem);
          if (options.expect?.seq === row.seq && !bytesEqual(options.expect.hash, row.hash)) {
            return fail(row.seq, 'the chain no longer reaches the head published earlier');
          }
          prevHash = row.hash;
          expectedSeq += 1n;
        }
        options.onProgress?.(expectedSeq - 1n);
        if (batch.length < batchSize) break;
      }
      const lastSeq = expectedSeq - 1n;
      const head = await readHead(trx);
      if (head === undefined) return fail(lastSeq + 1n, 'the head row is missing');
      if (head.seq > lastSeq) {
        return fail(lastSeq + 1n, `event ${lastSeq + 1n} is missing: the head is at ${head.seq}`);
      }
      if (head.seq < lastSeq) {
        return fail(head.seq + 1n, `the head is at ${head.seq} but events go on to ${lastSeq}`);
      }
      if (!bytesEqual(head.hash, prevHash)) {
        return fail(lastSeq, 'the head hash does not match the last event');
      }
      if (options.expect !== undefined && options.expect.seq > lastSeq) {
        return fail(
          lastSeq + 1n,
          `the chain ends at ${lastSeq}, before the published head ${options.expect.seq}`,
        );
      }
      return { ok: true, events: lastSeq, head };
    });
}
