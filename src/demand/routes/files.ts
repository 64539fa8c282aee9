import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { access, signedIn } from '../../platform/access/enforce.ts';
import { actorOf } from '../../platform/access/policy.ts';
import type { CommandRuntime } from '../../platform/command.ts';
import { PROBLEMS as problems } from '../../platform/http/problem.ts';
import {
  download,
  IMPORT_BODY_LIMIT,
  uploadedRecords,
  ZFile,
  ZTemplateQuery,
  ZUpload,
} from '../../platform/http/spreadsheet-files.ts';
import { bytesOf } from '../../platform/spreadsheet/bytes.ts';
import { writeRecords } from '../../platform/spreadsheet/records.ts';
import { writeTemplate } from '../../platform/spreadsheet/template.ts';
import { importSignals } from '../import.ts';
import { EXPORT_COLUMNS, recordOfSignal, SIGNAL_TEMPLATE } from '../model/signal-record.ts';
import { everySignal } from '../queries.ts';
import { ZExportQuery, ZImportReport } from '../schema.ts';
import { signalFilter } from './signals.ts';

/** Demand signals in and out as spreadsheets: the import template, an upload, an export. */
export function signalFileRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  const { db } = runtime;
  return async (app) => {
    app.get(
      '/demand/template',
      {
        config: { access: access('demand-line', 'read') },
        schema: {
          tags: ['demand'],
          summary: 'The import template: the columns, an example row and, in XLSX, what each holds',
          querystring: ZTemplateQuery,
          response: { 200: ZFile, ...problems },
        },
      },
      async (request, reply) => {
        const { format } = request.query;
        const body = await bytesOf((out) => writeTemplate(SIGNAL_TEMPLATE, format, out));
        return download(reply, body, format, 'demand-signals-template');
      },
    );
    app.get(
      '/demand/signals/export',
      {
        config: { access: access('demand-line', 'read') },
        schema: {
          tags: ['demand'],
          summary: 'The list of signals as a spreadsheet; a nation gets only its own',
          querystring: ZExportQuery,
          response: { 200: ZFile, ...problems },
        },
      },
      async (request, reply) => {
        const { format } = request.query;
        const filter = signalFilter(request);
        async function* records() {
          for await (const signal of everySignal(db, filter)) yield recordOfSignal(signal);
        }
        const body = await bytesOf((out) => writeRecords(records(), format, EXPORT_COLUMNS, out));
        return download(reply, body, format, 'demand-signals');
      },
    );
    app.post(
      '/demand/imports',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        config: { access: access('demand-line', 'write') },
        schema: {
          tags: ['demand'],
          summary:
            "Import the caller's nation's signals from a CSV or XLSX file: bad rows stop it unless skipInvalid; lines imported before are left alone",
          body: ZUpload,
          response: { 200: ZImportReport, ...problems },
        },
      },
      async (request) => {
        const principal = signedIn(request);
        const { format, content, skipInvalid } = request.body;
        const bytes = Buffer.from(content, 'base64');
        return importSignals(runtime, actorOf(principal), () => uploadedRecords(bytes, format), {
          skipInvalid,
          nation: principal.partyId,
        });
      },
    );
  };
}
