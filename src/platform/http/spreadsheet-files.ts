import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import { type NumberedRecord, readRecords } from '../spreadsheet/records.ts';

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** A file as a download: its bytes, its type, and the name a browser saves it under. */
export function download(reply: FastifyReply, body: Buffer, format: 'csv' | 'xlsx', name: string) {
  return reply
    .type(CONTENT_TYPES[format])
    .header('content-disposition', `attachment; filename="${name}.${format}"`)
    .send(body);
}

export const ZFile = z.string().describe('The file: CSV text, or the bytes of an XLSX workbook.');

/** Which kind of spreadsheet a template is asked in. */
export const ZTemplateQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') });

/** A file to import, uploaded as base64 in JSON. */
export const ZUpload = z.object({
  format: z.enum(['csv', 'xlsx']),
  content: z.base64().describe('The file, base64-encoded.'),
  skipInvalid: z.boolean().default(false),
});

/** One bad row of an import: where it is, what it says, and why not. */
export const ZRowProblem = z.object({
  row: z.number(),
  column: z.string(),
  value: z.string(),
  reason: z.string(),
});

/**
 * An upload's records; a file that cannot be read as its format says is the client's mistake
 * (VALIDATION_FAILED on `content`), not the server's.
 */
export async function* uploadedRecords(
  bytes: Buffer,
  format: 'csv' | 'xlsx',
): AsyncGenerator<NumberedRecord> {
  try {
    yield* readRecords(bytes, format);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new DomainError(
      'VALIDATION_FAILED',
      `The file is not a readable ${format} file: ${reason}`,
      [{ path: 'content', message: `not a readable ${format} file` }],
    );
  }
}

/** Uploads up to this size: a few tens of thousands of rows; larger files go through `qm`. */
export const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;
