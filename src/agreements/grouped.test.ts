import fc from 'fast-check';
import { expect, it } from 'vitest';
import { type CommandRuntime, runCommand, runGrouped } from '../platform/command.ts';
import { DomainError } from '../platform/errors.ts';
import { verifyLedger } from '../platform/ledger/verify.ts';
import { accessWorld } from '../testing/access-world.ts';
import { activeAgreement, DM121, L15A1, lot155 } from '../testing/agreements.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { type CallOffInput, callOffPlacement, placeCallOff } from './commands.ts';
import { agreementAsOf, listCallOffs } from './queries.ts';
import { type CallOff, lockForPlacement } from './store.ts';

const NATIONS = ['FRA', 'DEU'];
const ITEMS = [DM121, L15A1];
const MONTHS = ['2024-01', '2024-02'];

/** A call-off of `quantity` units in one month, by a named supplier or by the cascade. */
function order(
  agreementId: string,
  nation: string,
  nsn: string,
  quantity: bigint,
  month: string,
  supplier: string | null = null,
): CallOffInput {
  return {
    agreementId,
    nation,
    supplier,
    nsn,
    quantity,
    schedule: [{ month, quantity }],
    destination: 'depot',
  };
}

/** How a placement ended, without what is new each time (ids, times). */
function outcome(settled: PromiseSettledResult<CallOff>) {
  if (settled.status === 'rejected') {
    const error = settled.reason as unknown;
    return error instanceof DomainError ? error.code : String(error);
  }
  const { supplier, unitPrice, value, ceilingValue, chosenBy } = settled.value;
  return { supplier, unitPrice, value, ceilingValue, chosenBy };
}

const alone = (runtime: CommandRuntime, input: CallOffInput) =>
  runCommand(runtime, 'user:rep', (scope) => placeCallOff(scope, input));

describeEachDialect('call-offs placed as a group', (database) => {
  it('decide exactly as the same call-offs placed one by one', async () => {
    const world = await accessWorld(database().db);
    // Every group of events the projectors are given: the grouped call-offs come as one.
    const batches: number[] = [];
    const runtime: CommandRuntime = {
      ...world.runtime,
      projectors: [
        ...world.runtime.projectors,
        {
          name: 'batches',
          tables: [],
          project: async (_trx, events) => void batches.push(events.length),
        },
      ],
    };
    // Room enough under the ceiling that France's sub-ceiling is what stops it.
    const terms = lot155({ ceiling: 200_000_000_00n });
    const asked = (id: string) => [
      order(id, 'DEU', DM121, 15_000n, '2024-01'),
      // F0001 has 5,000 left in January: the cascade goes to D0002.
      order(id, 'DEU', DM121, 8_000n, '2024-01'),
      order(id, 'FRA', DM121, 5_000n, '2024-01', 'F0001'),
      // F0001's January is full now, whatever the item.
      order(id, 'FRA', L15A1, 1_000n, '2024-01', 'F0001'),
      order(id, 'FRA', L15A1, 1_000n, '2024-02', 'F0001'),
      // France has committed EUR 17.2 million of its 40 million: 28 million more is too much.
      order(id, 'FRA', DM121, 10_000n, '2024-02', 'F0001'),
      order(id, 'POL', DM121, 1_000n, '2024-02'),
      order(id, 'DEU', DM121, 1_000n, '2024-02', 'D0002'),
    ];
    const one = await activeAgreement(runtime, terms);
    const byOne: PromiseSettledResult<CallOff>[] = [];
    for (const input of asked(one)) {
      byOne.push(...(await Promise.allSettled([alone(runtime, input)])));
    }
    const together = await activeAgreement(runtime, terms);
    batches.length = 0;
    const byGroup = await Promise.allSettled(
      asked(together).map((input) => runGrouped(runtime, 'user:rep', input, callOffPlacement)),
    );
    expect(byGroup.map(outcome)).toEqual(byOne.map(outcome));
    expect(byOne.map(outcome)).toEqual([
      expect.objectContaining({ supplier: 'F0001', unitPrice: 2_800_00n }),
      expect.objectContaining({ supplier: 'D0002', unitPrice: 3_100_00n, chosenBy: 'cascade' }),
      expect.objectContaining({ supplier: 'F0001', unitPrice: 2_800_00n, chosenBy: 'named' }),
      'CAPACITY_EXCEEDED',
      expect.objectContaining({ supplier: 'F0001', unitPrice: 3_200_00n }),
      'SUBCEILING_EXCEEDED',
      'NOT_A_PARTICIPANT',
      expect.objectContaining({ supplier: 'D0002' }),
    ]);
    // The first came as a group of its own, the lane being quiet; the other four placed came as
    // one group.
    expect(batches).toEqual([1, 4]);
    const committed = async (id: string) =>
      (await agreementAsOf(runtime.db, id, '2024-01-01'))?.committed;
    expect(await committed(together)).toBe(await committed(one));
    expect(await verifyLedger(runtime.db)).toMatchObject({ ok: true });
  });

  it('decide again on what they read under the locks when what the lane remembers has moved', async () => {
    const world = await accessWorld(database().db);
    const { runtime } = world;
    const id = await activeAgreement(runtime, lot155({ ceiling: 200_000_000_00n }));
    const grouped = (input: CallOffInput) =>
      runGrouped(runtime, 'user:rep', input, callOffPlacement);
    // The lane remembers F0001's January at 15,000 of its 20,000 units, and its February.
    await Promise.all([
      grouped(order(id, 'DEU', DM121, 15_000n, '2024-01', 'F0001')),
      grouped(order(id, 'DEU', DM121, 1_000n, '2024-02', 'F0001')),
    ]);
    // A call-off placed outside the lane fills the month; the lane does not hear of it.
    await alone(runtime, order(id, 'FRA', DM121, 5_000n, '2024-01', 'F0001'));
    const [late, february] = await Promise.allSettled([
      grouped(order(id, 'DEU', DM121, 5_000n, '2024-01', 'F0001')),
      grouped(order(id, 'DEU', DM121, 5_000n, '2024-02', 'F0001')),
    ]);
    expect(late).toMatchObject({ status: 'rejected', reason: { code: 'CAPACITY_EXCEEDED' } });
    expect(february).toMatchObject({ status: 'fulfilled' });
    const live = await listCallOffs(runtime.db, { agreement: id, limit: 10 });
    expect(live.map((c) => c.quantity).sort()).toEqual([15_000n, 1_000n, 5_000n, 5_000n].sort());
    expect((await agreementAsOf(runtime.db, id, '2024-01-01'))?.committed).toBe(
      live.reduce((sum, c) => sum + c.ceilingValue, 0n),
    );
    expect(await verifyLedger(runtime.db)).toMatchObject({ ok: true, events: expect.any(BigInt) });
  });

  it('moves its facts on as the database would read them after each placement', async () => {
    const { runtime } = await accessWorld(database().db);
    const input = lot155({ ceiling: 10n ** 15n });
    input.suppliers = input.suppliers.map((s) => ({ ...s, monthlyCapacity: 40_000n }));
    const read = async (id: string) => {
      const placings = await runtime.db
        .transaction()
        .execute((trx) =>
          lockForPlacement(trx, { agreementIds: [id], nsns: ITEMS, months: MONTHS }),
        );
      const facts = placings.get(id)?.facts;
      if (facts === undefined) throw new Error(`no agreement ${id}`);
      return facts;
    };
    const step = fc.record({
      nation: fc.constantFrom(...NATIONS),
      nsn: fc.constantFrom(...ITEMS),
      supplier: fc.constantFrom(null, 'F0001', 'D0002'),
      quantity: fc.bigInt(1n, 20_000n),
      month: fc.constantFrom(...MONTHS),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const id = await activeAgreement(runtime, input);
        let facts = await read(id);
        for (const s of steps) {
          const [placed] = await Promise.allSettled([
            alone(runtime, order(id, s.nation, s.nsn, s.quantity, s.month, s.supplier)),
          ]);
          if (placed?.status !== 'fulfilled') continue;
          const callOff = placed.value;
          const highest = facts.forPlacement(callOff.nation, callOff.nsn).highestPrice;
          // A placement that rebates others is set aside by a group, to run alone: read again.
          if ((highest.get(callOff.supplier) ?? 0n) > callOff.placedUnitPrice)
            facts = await read(id);
          else facts.place({ ...callOff, unitPrice: callOff.placedUnitPrice });
          const fresh = await read(id);
          expect(facts.committed).toBe(fresh.committed);
          for (const nation of NATIONS) {
            for (const nsn of ITEMS) {
              // The version is the one the group found its stream at: the append moves it.
              const { streamVersion: _moved, ...moved } = facts.forPlacement(nation, nsn);
              const { streamVersion: _read, ...read } = fresh.forPlacement(nation, nsn);
              expect(moved).toEqual(read);
            }
          }
        }
        const live = await listCallOffs(runtime.db, { agreement: id, limit: 100 });
        expect(facts.committed).toBe(live.reduce((sum, c) => sum + c.ceilingValue, 0n));
      }),
      { numRuns: 10 },
    );
  }, 120_000);
});
