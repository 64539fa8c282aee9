import { expect, it } from 'vitest';
import { readHead } from '../platform/ledger/store.ts';
import { bytesOf } from '../platform/spreadsheet/bytes.ts';
import { readRecords, writeRecords } from '../platform/spreadsheet/records.ts';
import { accessWorld } from '../testing/access-world.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { CAPACITY_TEMPLATE } from './capacity-record.ts';
import { importCapacities } from './import.ts';
import { listLines } from './queries.ts';

const COLUMNS = CAPACITY_TEMPLATE.map((c) => c.name);
const row = (supplier: string, nsn: string, capacity: string, from = '2024-01') => ({
  supplier,
  nsn,
  monthly_capacity: capacity,
  from,
});

async function* each<T>(values: readonly T[]): AsyncGenerator<T> {
  yield* values;
}

describeEachDialect('capacity import', (database) => {
  it('imports nothing when rows are bad and names them; the rest with skipInvalid; nothing new the second time', async () => {
    const { runtime } = await accessWorld(database().db);
    const rows = [
      row('F0001', '1320-12-100-0121', '8000'),
      row('F0001', '1320-99-100-0015', 'plenty'),
      row('FRA', '1320-12-100-0121', '100'),
      row('D0002', '1320-12-999-9999', '100', '2024-13'),
      row('D0002', '1320-99-100-0015', '4000', '2024-03'),
    ];
    const bytes = await bytesOf((out) => writeRecords(each(rows), 'xlsx', COLUMNS, out));
    const file = () => readRecords(bytes, 'xlsx');
    const head = await readHead(runtime.db);

    const refused = await importCapacities(runtime, 'test', file, { skipInvalid: false });
    expect(refused).toMatchObject({ rows: 5, imported: false, added: 0 });
    expect(refused.problems).toEqual([
      {
        row: 3,
        column: 'monthly_capacity',
        value: 'plenty',
        reason: 'is a whole number of units a month',
      },
      { row: 4, column: 'supplier', value: 'FRA', reason: 'FRA is not a known supplier' },
      { row: 5, column: 'from', value: '2024-13', reason: 'is a month, YYYY-MM' },
    ]);
    expect(await readHead(runtime.db)).toEqual(head);

    const skipped = await importCapacities(runtime, 'test', file, { skipInvalid: true });
    expect(skipped).toMatchObject({ rows: 5, imported: true, added: 2, unchanged: 0 });
    const after = await readHead(runtime.db);
    const again = await importCapacities(runtime, 'test', file, { skipInvalid: true });
    expect(again).toMatchObject({ added: 0, revised: 0, unchanged: 2 });
    expect(await readHead(runtime.db)).toEqual(after);
    expect(
      (await listLines(runtime.db, {})).map((l) => [l.supplier, l.nsn, l.monthlyCapacity, l.from]),
    ).toEqual([
      ['D0002', '1320-99-100-0015', 4000n, '2024-03'],
      ['F0001', '1320-12-100-0121', 8000n, '2024-01'],
    ]);
  });

  it("refuses a supplier's rows of another supplier, and revises a line imported with a new capacity", async () => {
    const { runtime } = await accessWorld(database().db);
    const csv = (text: string) => () => readRecords(Buffer.from(text), 'csv');
    const mine = await importCapacities(
      runtime,
      'test',
      csv('nsn,monthly_capacity,from\n1320-12-100-0121,100,2024-01\n'),
      { skipInvalid: false, supplier: 'F0001' },
    );
    expect(mine).toMatchObject({ added: 1, imported: true });
    const theirs = await importCapacities(
      runtime,
      'test',
      csv('supplier,nsn,monthly_capacity,from\nD0002,1320-12-100-0121,100,2024-01\n'),
      { skipInvalid: false, supplier: 'F0001' },
    );
    expect(theirs.problems).toEqual([
      { row: 2, column: 'supplier', value: 'D0002', reason: 'you import for F0001 only' },
    ]);
    const revised = await importCapacities(
      runtime,
      'test',
      csv('supplier,nsn,monthly_capacity,from\nF0001,1320-12-100-0121,250,2024-01\n'),
      { skipInvalid: false },
    );
    expect(revised).toMatchObject({ revised: 1 });
    expect((await listLines(runtime.db, { supplier: 'F0001' }))[0]?.monthlyCapacity).toBe(250n);
  });
});
