import { findItem, searchItems } from '../src/catalogue/queries.ts';
import type { Db } from '../src/platform/db/database.ts';
import { generatedItem } from './catalogue-file.ts';

/** Latencies of one kind of read, in milliseconds. */
export interface ReadLatency {
  samples: number;
  p50: number;
  p95: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function timeEach(samples: number, read: (i: number) => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await read(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { samples, p50: percentile(times, 50), p95: percentile(times, 95) };
}

// Spread samples over the whole catalogue, the same ones on every dialect.
const spread = (i: number, items: number) => (i * 7_368_787) % items;

/** `findItem` (what GET /catalogue/items/:nsn runs) for NSNs spread over the catalogue. */
export async function measureLookups(db: Db, items: number, samples: number): Promise<ReadLatency> {
  await timeEach(50, (i) => findItem(db, generatedItem(spread(i, items)).nsn));
  return timeEach(samples, async (i) => {
    const nsn = generatedItem(spread(i + 50, items)).nsn;
    if ((await findItem(db, nsn)) === undefined) throw new Error(`no item ${nsn}`);
  });
}

/**
 * `searchItems` (what GET /catalogue/items?q= runs) for two words of a name, as a person looking
 * for a kind of round by its model types them: `HE QM1234` matches about twenty items of a million.
 */
export async function measureSearches(
  db: Db,
  items: number,
  samples: number,
): Promise<ReadLatency> {
  const search = (i: number) => {
    const { kind, designator } = generatedItem(spread(i, items));
    return searchItems(db, {
      text: `${kind.split(' ')[0]} ${designator}`,
      includeRestricted: false,
      limit: 50,
      offset: 0,
    });
  };
  await timeEach(50, search);
  return timeEach(samples, (i) => search(i + 50));
}
