import { type RawBuilder, sql } from 'kysely';
import type { Db, Trx } from '../src/platform/db/database.ts';
import {
  checkBatch,
  fieldsMatch,
  fieldTexts,
  recomputedHash,
} from '../src/platform/ledger/check-chain.ts';
import { GENESIS_HASH } from '../src/platform/ledger/model.ts';

/**
 * Microseconds per event of verification's statements on one connection and one core (PostgreSQL's
 * parallel workers off), each run on its own over the same first events: reading them in seq
 * order, that and sha256 of each, that and comparing each row's other columns with its canonical
 * text, and the whole check.
 */
export interface VerifyBreakdown {
  events: number;
  readMicros: number;
  hashMicros: number;
  fieldsMicros: number;
  wholeMicros: number;
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

// Counts the first `sample` rows in seq order for which `condition` holds, so that PostgreSQL
// must read each row and evaluate it.
function countWhere(trx: Trx, sample: number, condition: RawBuilder<unknown>) {
  return sql`
    SELECT count(*) FILTER (WHERE ${condition}) FROM (
      SELECT *, ${fieldTexts} FROM ledger_events WHERE seq > 0 ORDER BY seq LIMIT ${sample}
    ) AS rows`.execute(trx);
}

/** Times each statement over the first `sample` events, in one snapshot, without parallel workers. */
export async function measureVerifyBreakdown(db: Db, sample: number): Promise<VerifyBreakdown> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx);
      const readMs = await timed(() => countWhere(trx, sample, sql`octet_length(canonical) > 0`));
      const hashMs = await timed(() => countWhere(trx, sample, sql`hash = ${recomputedHash}`));
      const fieldsMs = await timed(() => countWhere(trx, sample, fieldsMatch));
      const wholeMs = await timed(() =>
        checkBatch(
          trx,
          { seq: 0n, hash: GENESIS_HASH },
          { size: sample, until: BigInt(sample), comparePayloads: false, expect: undefined },
        ),
      );
      const micros = (ms: number) => (ms * 1000) / sample;
      return {
        events: sample,
        readMicros: micros(readMs),
        hashMicros: micros(hashMs),
        fieldsMicros: micros(fieldsMs),
        wholeMicros: micros(wholeMs),
      };
    });
}
