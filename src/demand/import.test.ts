import { expect, it } from 'vitest';
import { readHead } from '../platform/ledger/store.ts';
import { bytesOf } from '../platform/spreadsheet/bytes.ts';
import { readRecords, writeRecords } from '../platform/spreadsheet/records.ts';
import { accessWorld } from '../testing/access-world.ts';
import { describeEachDialect } from '../testing/dialects.ts';
import { importSignals } from './import.ts';
import { SIGNAL_COLUMNS } from './model/signal-record.ts';
import { listSignals } from './queries.ts';

const line = (n: number, overrides: Record<string, string> = {}) => ({
  reference: '',
  nation: n % 2 === 0 ? 'FRA' : 'DEU',
  nsn: '',
  family: '155mm projectile',
  platform: '',
  quantity: String(100 + n),
  needed_by: '2024-06',
  purpose: 'replenish',
  recipient: '',
  priority: '2',
  price_cap_minor: '',
  price_cap_currency: '',
  firmness: 'firm',
  ...overrides,
});

async function* each<T>(values: readonly T[]): AsyncGenerator<T> {
  yield* values;
}

describeEachDialect('demand import', (database) => {
  it('imports nothing when rows are bad and names them; the rest with skipInvalid; nothing new the second time', async () => {
    const { runtime } = await accessWorld(database().db);
    const rows = [
      line(1),
      line(2, { quantity: 'lots' }),
      line(3, { nsn: '1320-12-999-9999' }),
      line(4, { purpose: 'donate', reference: 'FRA-4' }),
      line(5, { reference: 'DEU-5', platform: 'CAESAR', nsn: '1320-12-100-0121' }),
      line(6, { purpose: 'donate', recipient: 'DEU', reference: 'FRA-6' }),
    ];
    const bytes = await bytesOf((out) => writeRecords(each(rows), 'xlsx', SIGNAL_COLUMNS, out));
    const file = () => readRecords(bytes, 'xlsx');
    const head = await readHead(runtime.db);

    const refused = await importSignals(runtime, 'test', file, { skipInvalid: false });
    expect(refused).toMatchObject({ rows: 6, imported: false, posted: 0 });
    expect(refused.problems).toEqual([
      { row: 3, column: 'quantity', value: 'lots', reason: 'is a whole number of units' },
      { row: 4, column: 'nsn', value: '1320-12-999-9999', reason: 'is not in the catalogue' },
      {
        row: 5,
        column: 'recipient',
        value: '',
        reason: 'a donation names the nation it goes to',
      },
    ]);
    expect(await readHead(runtime.db)).toEqual(head);

    const progress: [number, number][] = [];
    const skipped = await importSignals(runtime, 'test', file, {
      skipInvalid: true,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(skipped).toMatchObject({ imported: true, posted: 3, unchanged: 0 });
    expect(progress).toEqual([[3, 3]]);
    const posted = await listSignals(runtime.db, {}, { limit: 10 });
    expect(posted.map((s) => [s.nation, s.quantity, s.reference]).sort()).toEqual([
      ['DEU', 101n, null],
      ['DEU', 105n, 'DEU-5'],
      ['FRA', 106n, 'FRA-6'],
    ]);
    const after = await readHead(runtime.db);

    // The same file, and the same good rows in a CSV of their own: nothing appended.
    const again = await importSignals(runtime, 'test', file, { skipInvalid: true });
    expect(again).toMatchObject({ posted: 0, unchanged: 3 });
    const csv = await bytesOf((out) =>
      writeRecords(each(rows.filter((_, i) => [0, 4, 5].includes(i))), 'csv', SIGNAL_COLUMNS, out),
    );
    const sameRows = await importSignals(runtime, 'test', () => readRecords(csv, 'csv'), {
      skipInvalid: false,
    });
    expect(sameRows).toMatchObject({ rows: 3, posted: 0, unchanged: 3 });
    expect(await readHead(runtime.db)).toEqual(after);
  });

  it("refuses an upload's rows of another nation, and fills its own in an empty nation column", async () => {
    const { runtime } = await accessWorld(database().db);
    const rows = [line(2, { nation: '' }), line(3)];
    const report = await importSignals(
      runtime,
      'user:rep',
      () => each(rows.map((record, i) => ({ row: i + 2, record }))),
      {
        skipInvalid: true,
        nation: 'FRA',
      },
    );
    expect(report.problems).toEqual([
      { row: 3, column: 'nation', value: 'DEU', reason: 'you import for FRA only' },
    ]);
    expect((await listSignals(runtime.db, {}, { limit: 10 })).map((s) => s.nation)).toEqual([
      'FRA',
    ]);
  });
});
