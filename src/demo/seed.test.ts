import { expect, it } from 'vitest';
import { poolFigures } from '../agreements/queries.ts';
import { seedCatalogue } from '../catalogue/seed.ts';
import { projectors } from '../contexts.ts';
import type { CommandRuntime } from '../platform/command.ts';
import { readHead } from '../platform/ledger/store.ts';
import { verifyLedger } from '../platform/ledger/verify.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { seedDemo } from './seed.ts';

describeEachDialect('the demo', (database) => {
  it('reproduces the seeds: EUR 2.4 billion of ceilings, EUR 1.0 billion firm, from ledger events', {
    timeout: 120_000,
  }, async () => {
    const now = new Date('2023-09-28T09:00:00.000Z');
    const runtime: CommandRuntime = { db: database().db, clock: { now: () => now }, projectors };
    await seedCatalogue(runtime);
    expect(await seedDemo(runtime)).toBe(true);
    const { totals, agreements } = await poolFigures(runtime.db, '2023-09-28');
    expect(totals).toEqual([
      {
        currency: 'EUR',
        ceiling: 2_400_000_000_00n,
        committed: 1_000_000_000_00n,
        delivered: 0n,
        remaining: 1_400_000_000_00n,
        callOffs: 23n,
      },
    ]);
    const byTitle = agreements.map((a) => [a.title, a.committed]).sort();
    expect(byTitle).toEqual([
      ['155 mm artillery ammunition', 490_000_000_00n],
      ['Anti-tank guided missiles', 400_000_000_00n],
      ['Main battle tank ammunition, 120 mm', 110_000_000_00n],
    ]);
    expect((await verifyLedger(runtime.db)).ok).toBe(true);

    const head = await readHead(runtime.db);
    expect(await seedDemo(runtime)).toBe(false);
    expect(await readHead(runtime.db)).toEqual(head);
  });
});
