import { expect, it } from 'vitest';
import { projectors } from '../contexts.ts';
import { runCommand } from '../platform/command.ts';
import type { Db } from '../platform/db/database.ts';
import { replay } from '../platform/ledger/projector.ts';
import { readHead } from '../platform/ledger/store.ts';
import { accessWorld } from '../testing/access-world.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { projectionRows } from '../testing/projection-rows.ts';
import { refusal } from '../testing/refusal.ts';
import { addLine, decideRampUp, recordCapacities } from './commands/lines.ts';
import { capacityByMonth } from './production-line.ts';
import { planningProjector } from './projector.ts';
import { findLine, listLines } from './queries.ts';

const DM121 = '1320-12-100-0121';
const L15A1 = '1320-99-100-0015';
const seq = async (db: Db) => (await readHead(db))?.seq ?? 0n;

describeEachDialect('production lines', (database) => {
  it('enters a line and its ramp-ups, capacity rising after each lead time; replay rebuilds them', async () => {
    const { runtime } = await accessWorld(database().db);
    const id = await runCommand(runtime, 'user:officer', (scope) =>
      addLine(scope, { supplier: 'F0001', nsn: DM121, monthlyCapacity: 1000n, from: '2023-11' }),
    );
    await runCommand(runtime, 'user:officer', (scope) =>
      decideRampUp(scope, id, {
        addedPerMonth: 500n,
        decidedIn: '2023-10',
        leadMonths: 3,
        note: 'a second shift',
      }),
    );
    const line = await findLine(runtime.db, id);
    expect(line).toMatchObject({ supplier: 'F0001', nsn: DM121, from: '2023-11' });
    expect(line?.rampUps).toHaveLength(1);
    expect(capacityByMonth(line as NonNullable<typeof line>, '2023-10', 5)).toEqual([
      0, 1000, 1000, 1500, 1500,
    ]);

    const before = await projectionRows(runtime.db, planningProjector.tables);
    await replay(runtime.db, projectors);
    expect(await projectionRows(runtime.db, planningProjector.tables)).toEqual(before);
  });

  it('refuses a second line of a pair, an unknown supplier or item, a ramp-up of no line, appending nothing', async () => {
    const { runtime } = await accessWorld(database().db);
    await runCommand(runtime, 'user:officer', (scope) =>
      addLine(scope, { supplier: 'F0001', nsn: DM121, monthlyCapacity: 1000n, from: '2023-11' }),
    );
    const head = await seq(runtime.db);
    const again = await refusal(
      runCommand(runtime, 'user:officer', (scope) =>
        addLine(scope, { supplier: 'F0001', nsn: DM121, monthlyCapacity: 9n, from: '2023-11' }),
      ),
    );
    expect(again.code).toBe('ALREADY_EXISTS');
    const unknown = await refusal(
      runCommand(runtime, 'user:officer', (scope) =>
        addLine(scope, {
          supplier: 'FRA',
          nsn: '1320-12-999-9999',
          monthlyCapacity: 9n,
          from: '2023-11',
        }),
      ),
    );
    expect(unknown.errors).toEqual([
      { path: 'supplier', message: 'FRA is not a known supplier' },
      { path: 'nsn', message: '1320-12-999-9999 is not in the catalogue' },
    ]);
    const nowhere = await refusal(
      runCommand(runtime, 'user:officer', (scope) =>
        decideRampUp(scope, '00000000-0000-4000-8000-000000000000', {
          addedPerMonth: 1n,
          decidedIn: '2023-10',
          leadMonths: 1,
          note: 'x',
        }),
      ),
    );
    expect(nowhere.code).toBe('NOT_FOUND');
    expect(await seq(runtime.db)).toBe(head);
  });

  it('records capacities as given: new pairs added, changed ones revised, the same ones left alone', async () => {
    const { runtime } = await accessWorld(database().db);
    const capacities = [
      { supplier: 'F0001', nsn: DM121, monthlyCapacity: 1000n, from: '2023-11' },
      { supplier: 'D0002', nsn: L15A1, monthlyCapacity: 800n, from: '2024-01' },
    ];
    const first = await runCommand(runtime, 'test', (s) => recordCapacities(s, capacities));
    expect(first).toEqual(['added', 'added']);
    const head = await seq(runtime.db);
    const second = await runCommand(runtime, 'test', (s) => recordCapacities(s, capacities));
    expect(second).toEqual(['unchanged', 'unchanged']);
    expect(await seq(runtime.db)).toBe(head);
    const changed = [{ ...capacities[0], monthlyCapacity: 1200n } as (typeof capacities)[0]];
    expect(await runCommand(runtime, 'test', (s) => recordCapacities(s, changed))).toEqual([
      'revised',
    ]);
    expect(
      (await listLines(runtime.db, {})).map((l) => [l.supplier, l.nsn, l.monthlyCapacity]),
    ).toEqual([
      ['D0002', L15A1, 800n],
      ['F0001', DM121, 1200n],
    ]);
  });
});
