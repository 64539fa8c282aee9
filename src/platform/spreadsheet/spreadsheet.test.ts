import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { bytesOf } from './bytes.ts';
import { flag, text } from './cells.ts';
import { checkRecords } from './check.ts';
import { type NumberedRecord, readRecords, type WriteFormat, writeRecords } from './records.ts';
import { writeTemplate } from './template.ts';

const COLUMNS = ['reference', 'quantity', 'platforms'] as const;
const rows = [
  { reference: 'FRA-1', quantity: '1200', platforms: ['CAESAR', 'PzH2000'] },
  { reference: 'FRA-2', quantity: '40', platforms: [] },
];

async function* each<T>(values: readonly T[]): AsyncGenerator<T> {
  yield* values;
}

async function all(records: AsyncIterable<NumberedRecord>): Promise<NumberedRecord[]> {
  const out: NumberedRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
}

describe('spreadsheet files', () => {
  it.each(['csv', 'xlsx'] as const satisfies readonly WriteFormat[])(
    'writes records as %s and reads them back, numbered as the sheet shows them',
    async (format) => {
      const bytes = await bytesOf((out) => writeRecords(each(rows), format, COLUMNS, out));
      const read = await all(readRecords(bytes, format));
      expect(read.map((r) => r.row)).toEqual([2, 3]);
      expect(read.map((r) => text(r.record.reference))).toEqual(['FRA-1', 'FRA-2']);
      expect(read.map((r) => text(r.record.quantity))).toEqual(['1200', '40']);
      expect(text(read[0]?.record.platforms)).toBe('CAESAR;PzH2000');
      expect(text(read[1]?.record.platforms)).toBeUndefined();
    },
  );

  it.each(['csv', 'xlsx'] as const)(
    'writes a %s template of a header and an example row',
    async (format) => {
      const columns = [
        { name: 'nation', note: 'ISO 3166 alpha-3', example: 'FRA' },
        { name: 'quantity', note: 'a whole number', example: '100' },
      ];
      const bytes = await bytesOf((out) => writeTemplate(columns, format, out));
      expect(await all(readRecords(bytes, format))).toEqual([
        { row: 2, record: { nation: 'FRA', quantity: '100' } },
      ]);
    },
  );

  it('skips empty spreadsheet rows but keeps the numbers of the rows after them', async () => {
    const bytes = await bytesOf((out) =>
      writeRecords(
        each([{ reference: 'a' }, { reference: '' }, { reference: 'c' }]),
        'xlsx',
        ['reference'],
        out,
      ),
    );
    expect((await all(readRecords(bytes, 'xlsx'))).map((r) => [r.row, r.record.reference])).toEqual(
      [
        [2, 'a'],
        [4, 'c'],
      ],
    );
  });

  it('reads the sheet the workbook shows first, whatever the order of its parts in the file', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('notes').addRow(['column', 'what to put in it']);
    const sheet = workbook.addWorksheet('records');
    sheet.addRow(['nation', 'quantity', 'firm', 'note', 'total', 'empty']);
    sheet.addRow([
      'FRA',
      1200,
      true,
      { richText: [{ text: 'two ' }, { font: { bold: true }, text: 'runs' }] },
      { formula: 'B2*2', result: 2400 },
    ]);
    // Listed first, stored second: the workbook's order decides which sheet holds the records.
    // (The writer orders sheets by a property its types leave out.)
    Object.assign(sheet, { orderNo: 0 });
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await all(readRecords(bytes, 'xlsx'))).toEqual([
      {
        row: 2,
        record: {
          nation: 'FRA',
          quantity: 1200,
          firm: true,
          note: 'two runs',
          total: 2400,
          empty: undefined,
        },
      },
    ]);
  });

  it('reads a streamed workbook, which stores its worksheets and strings before the workbook part', async () => {
    const bytes = await bytesOf(async (out) => {
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
        stream: out as unknown as import('node:stream').Stream,
        useSharedStrings: true,
      });
      const sheet = workbook.addWorksheet('records');
      sheet.addRow(['nation', 'quantity']).commit();
      sheet.addRow(['FRA', 3]).commit();
      workbook.addWorksheet('notes').addRow(['column']).commit();
      await workbook.commit();
    });
    expect(await all(readRecords(bytes, 'xlsx'))).toEqual([
      { row: 2, record: { nation: 'FRA', quantity: 3 } },
    ]);
  });

  it('refuses bytes that are not a workbook, saying why', async () => {
    await expect(all(readRecords(Buffer.from('nation,quantity\nFRA,1\n'), 'xlsx'))).rejects.toThrow(
      /central directory/,
    );
  });

  it('reads CSV as people write it: a byte-order mark, CRLF, padded cells, quoted line breaks', async () => {
    const file = '\ufeffnation , note\r\nFRA,"two\r\nlines" \r\n\r\n  DEU ,é\r\n';
    expect(await all(readRecords(Buffer.from(file), 'csv'))).toEqual([
      { row: 2, record: { nation: 'FRA', note: 'two\r\nlines' } },
      { row: 3, record: { nation: 'DEU', note: 'é' } },
    ]);
  });

  it('reads a large CSV whole, multi-byte characters across its chunks intact', async () => {
    const cell = 'Kanonenhaubitze Ø155 – Zünder'.repeat(4);
    const lines = Array.from({ length: 20_000 }, (_, i) => `${i},${cell}`);
    const read = await all(readRecords(Buffer.from(`n,name\n${lines.join('\n')}`), 'csv'));
    expect(read).toHaveLength(20_000);
    expect(read.every((r, i) => r.row === i + 2 && r.record.name === cell)).toBe(true);
  });

  it.each([
    ['a row with a cell missing', 'a,b\n1,2\n3\n', /^row 3: too few fields/],
    ['a row with a cell too many', 'a,b\n1,2,3\n', /^row 2: too many fields/],
    ['a quote left open', 'a,b\n1,"2\n3,4\n', /^row 2: quoted field unterminated/],
  ])('refuses a CSV file with %s, naming its row', async (_, file, message) => {
    await expect(all(readRecords(Buffer.from(file), 'csv'))).rejects.toThrow(message);
  });

  it('checks every row and gathers the problems, row by row', async () => {
    const records = each<NumberedRecord>([
      { row: 2, record: { ok: 'yes' } },
      { row: 3, record: { ok: 'perhaps' } },
      { row: 4, record: { ok: 'no' } },
    ]);
    const checked = await checkRecords(records, (row, record) =>
      flag(record.ok) === 'invalid'
        ? [{ row, column: 'ok', value: String(record.ok), reason: 'is yes or no' }]
        : [],
    );
    expect(checked).toEqual({
      rows: 3,
      invalidRows: 1,
      problems: [{ row: 3, column: 'ok', value: 'perhaps', reason: 'is yes or no' }],
    });
  });
});
