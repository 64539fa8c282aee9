import { expect, it } from 'vitest';
import { projectors } from '../contexts.ts';
import { type CommandRuntime, runCommand } from '../platform/command.ts';
import type { Db } from '../platform/db/database.ts';
import { replay } from '../platform/ledger/projector.ts';
import { readHead } from '../platform/ledger/store.ts';
import { verifyLedger } from '../platform/ledger/verify.ts';
import { publishRates } from '../rates/commands.ts';
import { accessWorld } from '../testing/access-world.ts';
import { activeAgreement, agreementTables, DM121, L15A1, lot155 } from '../testing/agreements.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { refusal } from '../testing/refusal.ts';
import {
  amendCallOff,
  type CallOffInput,
  cancelCallOff,
  confirmCallOff,
  createAgreement,
  decideCeiling,
  decideDelivery,
  declareDelivery,
  moveAgreement,
  placeCallOff,
  proposeCeiling,
} from './commands.ts';
import { agreementAsOf, agreementFigures, findCallOff, timelineOf } from './queries.ts';

const month = (m: string, quantity: bigint) => ({ month: m, quantity });

/** A call-off; its units all come in January 2024 unless a schedule is given. */
function order(agreementId: string, overrides: Partial<CallOffInput> = {}): CallOffInput {
  const quantity = overrides.quantity ?? 4_000n;
  return {
    agreementId,
    nation: 'DEU',
    supplier: 'F0001',
    nsn: DM121,
    quantity,
    schedule: [month('2024-01', quantity)],
    destination: 'Unterlüß',
    ...overrides,
  };
}

const place = (runtime: CommandRuntime, input: CallOffInput) =>
  runCommand(runtime, 'user:rep', async (scope) => (await placeCallOff(scope, input)).id);

async function ledgerSeq(db: Db): Promise<bigint> {
  return (await readHead(db))?.seq ?? 0n;
}

/** Every agreement table, row by row, for comparing before and after replay. */

describeEachDialect('agreements and call-offs', (database) => {
  it('prices all units at the tier the pooled volume reaches, and rebates earlier call-offs', async () => {
    const { runtime } = await accessWorld(database().db);
    const id = await activeAgreement(runtime);
    const first = await place(runtime, order(id, { quantity: 4_000n }));
    const second = await place(
      runtime,
      order(id, {
        nation: 'FRA',
        quantity: 7_000n,
        schedule: [month('2024-02', 7_000n)],
      }),
    );
    const one = await findCallOff(runtime.db, first);
    const two = await findCallOff(runtime.db, second);
    // 11,000 pooled units reach the 10,000 tier: both are priced at EUR 2,800.
    expect(two).toMatchObject({ unitPrice: 2_800_00n, value: 7_000n * 2_800_00n });
    expect(one).toMatchObject({
      unitPrice: 2_800_00n,
      placedUnitPrice: 3_000_00n,
      value: 4_000n * 2_800_00n,
      rebated: 4_000n * 200_00n,
    });
    const agreement = await agreementAsOf(runtime.db, id, '2023-09-28');
    expect(agreement?.committed).toBe(11_000n * 2_800_00n);
    expect((await timelineOf(runtime.db, first)).map((e) => e.kind)).toEqual(['placed', 'rebated']);
  });

  it('never lets the committed value cross the ceiling or a sub-ceiling, and says what is left', async () => {
    const { runtime } = await accessWorld(database().db);
    const id = await activeAgreement(
      runtime,
      lot155({
        ceiling: 20_000_000_00n,
        nations: [
          { nation: 'FRA', subCeiling: null },
          { nation: 'DEU', subCeiling: null },
        ],
      }),
    );
    await place(runtime, order(id, { quantity: 6_000n }));
    const before = await ledgerSeq(runtime.db);
    const over = await refusal(
      place(runtime, order(id, { quantity: 1_000n, schedule: [month('2024-02', 1_000n)] })),
    );
    expect(over.code).toBe('CEILING_EXCEEDED');
    expect(over.facts.remaining).toEqual({ minor: '200000000', currency: 'EUR' });
    expect(await ledgerSeq(runtime.db)).toBe(before);

    const capped = await activeAgreement(
      runtime,
      lot155({
        nations: [
          { nation: 'FRA', subCeiling: 3_000_000_00n },
          { nation: 'DEU', subCeiling: null },
        ],
      }),
    );
    const sub = await refusal(place(runtime, order(capped, { nation: 'FRA', quantity: 1_001n })));
    expect(sub.code).toBe('SUBCEILING_EXCEEDED');
    expect(sub.facts.remaining).toEqual({ minor: '300000000', currency: 'EUR' });
    await place(runtime, order(capped, { nation: 'FRA', quantity: 1_000n }));
  });

  it('refuses outsiders, unknown items, bad schedules and agreements not in force', async () => {
    const { runtime, clock } = await accessWorld(database().db);
    const id = await activeAgreement(runtime, lot155({ validTo: '2023-12-31' }));
    const before = await ledgerSeq(runtime.db);
    expect((await refusal(place(runtime, order(id, { nation: 'ITA' })))).code).toBe(
      'NOT_A_PARTICIPANT',
    );
    expect((await refusal(place(runtime, order(id, { nsn: '1320-01-100-0107' })))).code).toBe(
      'VALIDATION_FAILED',
    );
    const badSchedule = await refusal(
      place(runtime, order(id, { schedule: [month('2024-01', 1n)] })),
    );
    expect(badSchedule.errors[0]?.path).toBe('body.schedule');
    expect((await refusal(place(runtime, order(id, { supplier: 'D0002', nsn: L15A1 })))).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(await ledgerSeq(runtime.db)).toBe(before);

    clock.advance(120 * 86_400_000);
    expect((await refusal(place(runtime, order(id)))).code).toBe('AGREEMENT_NOT_ACTIVE');
    const draft = await runCommand(runtime, 'user:officer', (scope) =>
      createAgreement(scope, lot155()),
    );
    expect((await refusal(place(runtime, order(draft)))).code).toBe('AGREEMENT_NOT_ACTIVE');
    expect((await agreementAsOf(runtime.db, id, '2024-01-26'))?.state).toBe('expired');
  });

  it('cascades to the next-ranked supplier when the first has no capacity left', async () => {
    const { runtime } = await accessWorld(database().db);
    const id = await activeAgreement(runtime);
    await place(
      runtime,
      order(id, { supplier: null, quantity: 15_000n, schedule: [month('2024-01', 15_000n)] }),
    );
    const second = await place(
      runtime,
      order(id, { supplier: null, quantity: 8_000n, schedule: [month('2024-01', 8_000n)] }),
    );
    expect(await findCallOff(runtime.db, second)).toMatchObject({
      supplier: 'D0002',
      chosenBy: 'cascade',
    });
    const none = await refusal(
      place(
        runtime,
        order(id, { supplier: null, quantity: 6_000n, schedule: [month('2024-01', 6_000n)] }),
      ),
    );
    expect(none.code).toBe('CAPACITY_EXCEEDED');
  });

  it('converts a call-off priced in another currency at the rate of the day, and records it', async () => {
    const { runtime } = await accessWorld(database().db);
    const base = lot155();
    const id = await activeAgreement(
      runtime,
      lot155({
        suppliers: base.suppliers.map((s) =>
          s.supplier === 'D0002' ? { ...s, currency: 'USD' } : s,
        ),
      }),
    );
    const missing = await refusal(place(runtime, order(id, { supplier: 'D0002' })));
    expect(missing.code).toBe('EXCHANGE_RATE_MISSING');
    await runCommand(runtime, 'user:officer', (scope) =>
      publishRates(
        scope,
        [{ day: '2023-09-27', base: 'EUR', quote: 'USD', rate: '1.0565' }],
        'ECB',
      ),
    );
    const placed = await place(
      runtime,
      order(id, { supplier: 'D0002', quantity: 3n, schedule: [month('2024-01', 3n)] }),
    );
    const callOff = await findCallOff(runtime.db, placed);
    // USD 9,300.00 at 1.0565 USD per EUR is EUR 8,802.65 (8,802.650…, rounded half to even).
    expect(callOff).toMatchObject({
      currency: 'USD',
      value: 9_300_00n,
      ceilingValue: 8_802_65n,
      conversion: { from: 'USD', to: 'EUR', rate: '1.0565', inverted: true, day: '2023-09-27' },
    });
  });

  it('amends within bounds with a before/after diff, and cancels without clawing back rebates', async () => {
    const { runtime } = await accessWorld(database().db);
    const id = await activeAgreement(runtime);
    const first = await place(runtime, order(id, { quantity: 4_000n }));
    const amend = (amendment: Parameters<typeof amendCallOff>[2]) =>
      runCommand(runtime, 'user:rep', (scope) => amendCallOff(scope, first, amendment));
    expect(
      (await refusal(amend({ variationBp: 1_001, reason: 'steel index' }))).errors[0]?.path,
    ).toBe('body.variationBp');
    await amend({ variationBp: 500, reason: 'steel index' });
    expect(await findCallOff(runtime.db, first)).toMatchObject({ value: 4_000n * 3_150_00n });

    const second = await place(
      runtime,
      order(id, { quantity: 6_000n, schedule: [month('2024-02', 6_000n)] }),
    );
    // 10,000 pooled: the first comes down to EUR 2,800 a unit, its variation still applied.
    expect(await findCallOff(runtime.db, first)).toMatchObject({
      unitPrice: 2_800_00n,
      value: 4_000n * 2_940_00n,
    });
    await runCommand(runtime, 'user:rep', (scope) => cancelCallOff(scope, second, 'budget'));
    expect(await findCallOff(runtime.db, first)).toMatchObject({ unitPrice: 2_800_00n });
    const agreement = await agreementAsOf(runtime.db, id, '2023-09-28');
    expect(agreement?.committed).toBe(4_000n * 2_940_00n);
    const [amended] = (await timelineOf(runtime.db, first)).filter((e) => e.kind === 'amended');
    expect(amended?.detail).toMatchObject({
      reason: 'steel index',
      before: { variationBp: 0 },
      after: { variationBp: 500 },
    });
  });

  it('raises a ceiling only when a second officer approves', async () => {
    const { runtime } = await accessWorld(database().db);
    const id = await activeAgreement(runtime);
    const proposal = await runCommand(runtime, 'user:officer', (scope) =>
      proposeCeiling(scope, id, 150_000_000_00n, 'second lot of nations'),
    );
    const self = await refusal(
      runCommand(runtime, 'user:officer', (scope) =>
        decideCeiling(scope, id, proposal, { approve: true, reason: 'ok' }),
      ),
    );
    expect(self.code).toBe('SECOND_APPROVER_REQUIRED');
    expect((await agreementAsOf(runtime.db, id, '2023-09-28'))?.ceiling).toBe(100_000_000_00n);
    await runCommand(runtime, 'user:second-officer', (scope) =>
      decideCeiling(scope, id, proposal, { approve: true, reason: 'budget confirmed' }),
    );
    expect((await agreementAsOf(runtime.db, id, '2023-09-28'))?.ceiling).toBe(150_000_000_00n);
  });

  it('closes a call-off when every unit is delivered and accepted; replay rebuilds it all', async () => {
    const { runtime } = await accessWorld(database().db);
    const id = await activeAgreement(runtime);
    const callOff = await place(
      runtime,
      order(id, { quantity: 100n, schedule: [month('2024-01', 100n)] }),
    );
    const declare = (quantity: bigint, lotNumber: string) =>
      runCommand(runtime, 'user:supplier', (scope) =>
        declareDelivery(scope, callOff, { quantity, lotNumber, deliveredOn: '2024-01-15' }),
      );
    expect((await refusal(declare(10n, 'L1'))).code).toBe('INVALID_TRANSITION');
    await runCommand(runtime, 'user:supplier', (scope) => confirmCallOff(scope, callOff));
    const first = await declare(60n, 'L1');
    expect((await refusal(declare(41n, 'L2'))).errors[0]?.path).toBe('body.quantity');
    const second = await declare(40n, 'L2');
    const decide = (delivery: string, decision: Parameters<typeof decideDelivery>[3]) =>
      runCommand(runtime, 'user:rep', (scope) =>
        decideDelivery(scope, callOff, delivery, decision),
      );
    await decide(first, { accept: true });
    await decide(second, { accept: false, reason: 'fuze wells damaged' });
    const third = await declare(40n, 'L3');
    await decide(third, { accept: true });
    expect(await findCallOff(runtime.db, callOff)).toMatchObject({
      state: 'closed',
      acceptedQuantity: 100n,
    });
    const agreement = await agreementAsOf(runtime.db, id, '2023-09-28');
    const figures = await agreementFigures(runtime.db, agreement as NonNullable<typeof agreement>);
    expect(figures.total).toMatchObject({
      committed: 100n * 3_000_00n,
      delivered: 100n * 3_000_00n,
    });

    await runCommand(runtime, 'user:officer', (scope) =>
      moveAgreement(scope, id, 'suspended', 'audit'),
    );
    const before = await agreementTables(runtime.db);
    await replay(runtime.db, projectors);
    expect(await agreementTables(runtime.db)).toEqual(before);
    expect((await verifyLedger(runtime.db)).ok).toBe(true);
  });
});
