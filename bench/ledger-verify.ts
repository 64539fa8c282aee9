import type { Db } from '../src/platform/db/database.ts';
import { verifyLedger } from '../src/platform/ledger/verify.ts';

/** How fast `qm ledger verify` recomputed a whole chain. */
export interface VerifyRate {
  events: bigint;
  seconds: number;
  eventsPerSecond: number;
}

/**
 * Times `verifyLedger` over the whole ledger as `qm ledger verify` runs it, spread over
 * `connections` (which `db` must be able to open at once); a chain that fails is an error.
 */
export async function measureVerify(db: Db, connections: number): Promise<VerifyRate> {
  const start = performance.now();
  const result = await verifyLedger(db, { connections });
  const seconds = (performance.now() - start) / 1000;
  if (!result.ok) {
    throw new Error(`the filled ledger does not verify: event ${result.seq}: ${result.reason}`);
  }
  return { events: result.events, seconds, eventsPerSecond: Number(result.events) / seconds };
}
