import fc from 'fast-check';
import { expect, it } from 'vitest';
import { runCommand } from '../platform/command.ts';
import { accessWorld } from '../testing/access-world.ts';
import { activeAgreement, DM121, L15A1, lot155 } from '../testing/agreements.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { cancelCallOff, placeCallOff } from './commands.ts';
import { tierAt } from './model/tiers.ts';
import { agreementAsOf, listCallOffs } from './queries.ts';

const POOLS = [
  { supplier: 'F0001', nsn: DM121 },
  { supplier: 'F0001', nsn: L15A1 },
  { supplier: 'D0002', nsn: DM121 },
] as const;

const step = fc.oneof(
  fc.record({
    kind: fc.constant('place' as const),
    pool: fc.integer({ min: 0, max: POOLS.length - 1 }),
    nation: fc.constantFrom('FRA', 'DEU'),
    quantity: fc.bigInt(1n, 30_000n),
  }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
);

describeEachDialect('tier pricing under random call-offs', (database) => {
  it('never prices a live call-off above the tier its pool reaches; without cancellations, exactly at it', async () => {
    const { runtime } = await accessWorld(database().db);
    const input = lot155({
      ceiling: 10n ** 15n,
      nations: [
        { nation: 'FRA', subCeiling: null },
        { nation: 'DEU', subCeiling: null },
      ],
    });
    input.suppliers = input.suppliers.map((s) => ({ ...s, monthlyCapacity: 10n ** 9n }));
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const id = await activeAgreement(runtime, input);
        const live: string[] = [];
        let cancelled = false;
        for (const s of steps) {
          if (s.kind === 'place') {
            const pool = POOLS[s.pool] as (typeof POOLS)[number];
            live.push(
              (
                await runCommand(runtime, 'user:rep', (scope) =>
                  placeCallOff(scope, {
                    agreementId: id,
                    nation: s.nation,
                    ...pool,
                    quantity: s.quantity,
                    schedule: [{ month: '2024-01', quantity: s.quantity }],
                    destination: 'depot',
                  }),
                )
              ).id,
            );
          } else if (live.length > 0) {
            const [gone] = live.splice(s.pick % live.length, 1);
            await runCommand(runtime, 'user:rep', (scope) =>
              cancelCallOff(scope, gone as string, 'test'),
            );
            cancelled = true;
          }
        }
        const callOffs = (await listCallOffs(runtime.db, { agreement: id, limit: 100 })).filter(
          (c) => c.state !== 'cancelled',
        );
        for (const pool of POOLS) {
          const mine = callOffs.filter((c) => c.supplier === pool.supplier && c.nsn === pool.nsn);
          const pooled = mine.reduce((sum, c) => sum + c.quantity, 0n);
          if (pooled === 0n) continue;
          const term = input.suppliers.find((t) => t.supplier === pool.supplier);
          const tiers = term?.prices.find((p) => p.nsn === pool.nsn)?.tiers ?? [];
          const allowed = tierAt(tiers, pooled).unitPrice;
          for (const c of mine) {
            expect(c.unitPrice <= allowed).toBe(true);
            if (!cancelled) expect(c.unitPrice).toBe(allowed);
            expect(c.value).toBe(c.quantity * c.unitPrice);
          }
        }
        const agreement = await agreementAsOf(runtime.db, id, '2023-09-28');
        expect(agreement?.committed).toBe(callOffs.reduce((sum, c) => sum + c.ceilingValue, 0n));
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
