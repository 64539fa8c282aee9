import { stringify } from 'csv-stringify/sync';
import { xlsxWriter } from './xlsx-write.ts';

/** One column of an import file: its header, what to put in it, and an example value. */
export interface TemplateColumn {
  name: string;
  note: string;
  example: string;
}

/**
 * Writes an empty import file to fill in: the header row and one example row; an XLSX template
 * also explains each column on a second worksheet.
 */
export async function writeTemplate(
  columns: readonly TemplateColumn[],
  format: 'csv' | 'xlsx',
  out: NodeJS.WritableStream,
): Promise<void> {
  const names = columns.map((c) => c.name);
  const example = columns.map((c) => c.example);
  if (format === 'csv') {
    out.write(stringify([names, example]));
    return;
  }
  const writer = xlsxWriter(out, 'records', names);
  writer.add(example);
  await writer.done(columns.map((c) => [c.name, c.note] as const));
}
