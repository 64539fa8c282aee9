import ExcelJS from 'exceljs';

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
