import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { readCsv } from './csv.ts';
import { readXlsx } from './xlsx-read.ts';
import { xlsxWriter } from './xlsx-write.ts';

/** One record of a file, with the row number a person sees in the file (header = row 1). */
export interface NumberedRecord {
  row: number;
  record: Record<string, unknown>;
}

/** The file kinds records are read from and written to. */
export type RecordFormat = 'csv' | 'json' | 'ndjson' | 'xlsx';

/** The formats a list is written out in. */
export type WriteFormat = 'csv' | 'ndjson' | 'xlsx';

/** A file to read: its path, or its bytes (an upload). */
export type RecordSource = string | Uint8Array;

const streamOf = (source: RecordSource): Readable =>
  typeof source === 'string' ? createReadStream(source) : Readable.from([Buffer.from(source)]);

/** The format a file name implies, or undefined. */
export function formatOf(path: string): RecordFormat | undefined {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.json') return 'json';
  if (extension === '.ndjson' || extension === '.jsonl') return 'ndjson';
  if (extension === '.xlsx') return 'xlsx';
  return undefined;
}

/**
 * Reads a file's records one at a time: CSV and XLSX (its first worksheet) with a header row, and
 * NDJSON, are streamed; a JSON file holds one array of objects. Cells stay as written (strings in
 * CSV, numbers where a spreadsheet has them); the caller validates.
 */
export async function* readRecords(
  source: RecordSource,
  format: RecordFormat,
): AsyncGenerator<NumberedRecord> {
  if (format === 'xlsx') {
    yield* readXlsx(source);
    return;
  }
  if (format === 'csv') {
    yield* readCsv(streamOf(source));
    return;
  }
  if (format === 'ndjson') {
    let row = 0;
    for await (const line of createInterface({
      input: streamOf(source),
      crlfDelay: Number.POSITIVE_INFINITY,
    })) {
      row += 1;
      if (line.trim() === '') continue;
      yield { row, record: parseObject(line, row) };
    }
    return;
  }
  const parsed: unknown = JSON.parse(
    typeof source === 'string'
      ? await readFile(source, 'utf8')
      : Buffer.from(source).toString('utf8'),
  );
  if (!Array.isArray(parsed))
    throw new SyntaxError('a JSON file of records holds one array of objects');
  for (const [index, value] of parsed.entries()) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new SyntaxError(`record ${index + 1} is not an object`);
    }
    yield { row: index + 1, record: value as Record<string, unknown> };
  }
}

function parseObject(line: string, row: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new SyntaxError(`line ${row} is not JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new SyntaxError(`line ${row} is not an object`);
  return value as Record<string, unknown>;
}

const cellOf = (value: unknown): unknown => (Array.isArray(value) ? value.join(';') : value);

/**
 * Writes records to a stream one at a time: CSV or XLSX under a header of `columns` (a list in a
 * cell is `;`-separated, as the readers expect it), or NDJSON.
 */
export async function writeRecords(
  records: AsyncIterable<Record<string, unknown>>,
  format: WriteFormat,
  columns: readonly string[],
  out: NodeJS.WritableStream,
): Promise<void> {
  if (format === 'ndjson') {
    for await (const record of records) out.write(`${JSON.stringify(record)}\n`);
    return;
  }
  if (format === 'xlsx') {
    const writer = xlsxWriter(out, 'records', columns);
    for await (const record of records) writer.add(columns.map((c) => cellOf(record[c]) ?? null));
    await writer.done();
    return;
  }
  const writer = stringify({
    header: true,
    columns: [...columns],
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
  writer.pipe(out);
  for await (const record of records) {
    const cells = Object.fromEntries(columns.map((c) => [c, cellOf(record[c])]));
    if (!writer.write(cells)) await new Promise((resolve) => writer.once('drain', resolve));
  }
  writer.end();
  await new Promise((resolve) => writer.once('end', resolve));
}
