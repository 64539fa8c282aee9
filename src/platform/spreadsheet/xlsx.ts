import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';

/** A cell's value as a file's reader expects it: text, a number, a boolean, or empty. */
function plain(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value) return value.text;
  if ('result' in value) return plain(value.result as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  return String(value);
}

/**
 * Reads the first worksheet of a workbook row by row, streamed: its first row names the columns,
 * each later non-empty row is a record keyed by them, numbered as the spreadsheet shows it.
 */
export async function* readXlsx(
  source: string | Uint8Array,
): AsyncGenerator<{ row: number; record: Record<string, unknown> }> {
  const input = typeof source === 'string' ? source : Readable.from([Buffer.from(source)]);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  for await (const worksheet of workbook) {
    let columns: string[] | undefined;
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      const cells = (row.values as ExcelJS.CellValue[]).map(plain);
      if (columns === undefined) {
        columns = cells.map((c) => (c === undefined ? '' : String(c).trim()));
        continue;
      }
      const record: Record<string, unknown> = {};
      let empty = true;
      for (const [index, name] of columns.entries()) {
        if (name === '') continue;
        const value = cells[index];
        if (value !== undefined && value !== '') empty = false;
        record[name] = value;
      }
      if (!empty) yield { row: row.number, record };
    }
    // Only the first worksheet holds records; a template's notes live on the next one.
    return;
  }
}

/** A workbook written as it streams: one worksheet of records under a header row. */
export function xlsxWriter(
  out: NodeJS.WritableStream,
  sheetName: string,
  columns: readonly string[],
): {
  add(cells: readonly unknown[]): void;
  /** Ends the records, then writes `notes` (column, what to put in it) on a sheet of their own. */
  done(notes?: readonly (readonly [string, string])[]): Promise<void>;
} {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out as unknown as import('node:stream').Stream,
    useStyles: true,
    useSharedStrings: false,
  });
  const worksheet = workbook.addWorksheet(sheetName);
  const header = worksheet.addRow([...columns]);
  header.font = { bold: true };
  header.commit();
  return {
    add: (cells) => worksheet.addRow([...cells]).commit(),
    done: async (notes) => {
      worksheet.commit();
      if (notes !== undefined) {
        const sheet = workbook.addWorksheet('notes');
        const header = sheet.addRow(['column', 'what to put in it']);
        header.font = { bold: true };
        header.commit();
        for (const note of notes) sheet.addRow([...note]).commit();
        sheet.commit();
      }
      await workbook.commit();
    },
  };
}
