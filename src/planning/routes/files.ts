import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access, signedIn } from '../../platform/access/enforce.ts';
import { actorOf } from '../../platform/access/policy.ts';
import type { CommandRuntime } from '../../platform/command.ts';
import { PROBLEMS as problems } from '../../platform/http/problem.ts';
import {
  download,
  IMPORT_BODY_LIMIT,
  uploadedRecords,
  ZFile,
  ZRowProblem,
  ZTemplateQuery,
  ZUpload,
} from '../../platform/http/spreadsheet-files.ts';
import { bytesOf } from '../../platform/spreadsheet/bytes.ts';
import { writeTemplate } from '../../platform/spreadsheet/template.ts';
import { CAPACITY_TEMPLATE } from '../capacity-record.ts';
import { importCapacities } from '../import.ts';

const ZCapacityImportReport = z.object({
  rows: z.number(),
  added: z.number(),
  revised: z.number(),
  unchanged: z.number(),
  imported: z.boolean(),
  problems: z.array(ZRowProblem),
});

/** Production capacities as spreadsheets: the import template and an upload. */
export function capacityFileRoutes(runtime: CommandRuntime): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/production-lines/template',
      {
        config: { access: access('production-line', 'read') },
        schema: {
          tags: ['planning'],
          summary: 'The capacity import template: the columns, an example row and what each holds',
          querystring: ZTemplateQuery,
          response: { 200: ZFile, ...problems },
        },
      },
      async (request, reply) => {
        const { format } = request.query;
        const body = await bytesOf((out) => writeTemplate(CAPACITY_TEMPLATE, format, out));
        return download(reply, body, format, 'production-capacity-template');
      },
    );
    app.post(
      '/production-lines/imports',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        config: { access: access('production-line', 'write') },
        schema: {
          tags: ['planning'],
          summary:
            'Import capacities from a CSV or XLSX file (a supplier its own only): bad rows stop it unless skipInvalid; lines already as given are left alone',
          body: ZUpload,
          response: { 200: ZCapacityImportReport, ...problems },
        },
      },
      async (request) => {
        const { format, content, skipInvalid } = request.body;
        const bytes = Buffer.from(content, 'base64');
        const supplier = request.reach === 'any' ? undefined : signedIn(request).partyId;
        return importCapacities(
          runtime,
          actorOf(request.principal),
          () => uploadedRecords(bytes, format),
          { skipInvalid, ...(supplier === undefined ? {} : { supplier }) },
        );
      },
    );
  };
}
