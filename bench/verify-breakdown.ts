import { createHash } from 'node:crypto';
import type { Db } from '../src/platform/db/database.ts';
import { canonicalEntry } from '../src/platform/ledger/model.ts';
import { readEventsAfter } from '../src/platform/ledger/store.ts';

/** Microseconds per event that each step of verification costs, measured one step at a time. */
export interface VerifyBreakdown {
  events: number;
  fetchMicros: number;
  canonicalMicros: number;
  sha256Micros: number;
}

const BATCH = 5000;

/**
 * Splits verification of the first `sample` events into its steps: reading and parsing the rows
 * (as `verifyLedger` reads them, in batches, inside one snapshot), building the canonical JSON,
 * and sha256 over prev_hash and that JSON. The rest of a link check is comparisons.
 */
export async function measureVerifyBreakdown(db: Db, sample: number): Promise<VerifyBreakdown> {
  let fetchMs = 0;
  let canonicalMs = 0;
  let sha256Ms = 0;
  let events = 0;
  await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      let after = 0n;
      while (events < sample) {
        const fetchStart = performance.now();
        const batch = await readEventsAfter(trx, after, Math.min(BATCH, sample - events));
        const canonicalStart = performance.now();
        const texts = batch.map(canonicalEntry);
        const sha256Start = performance.now();
        batch.forEach((event, i) => {
          createHash('sha256')
            .update(event.prevHash)
            .update(texts[i] ?? '', 'utf8')
            .digest();
        });
        const end = performance.now();
        fetchMs += canonicalStart - fetchStart;
        canonicalMs += sha256Start - canonicalStart;
        sha256Ms += end - sha256Start;
        events += batch.length;
        const last = batch.at(-1);
        if (last === undefined) break;
        after = last.seq;
      }
    });
  const micros = (ms: number) => (events === 0 ? 0 : (ms * 1000) / events);
  return {
    events,
    fetchMicros: micros(fetchMs),
    canonicalMicros: micros(canonicalMs),
    sha256Micros: micros(sha256Ms),
  };
}
