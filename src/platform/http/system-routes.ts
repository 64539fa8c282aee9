import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { access } from '../access/enforce.ts';
import type { Db } from '../db/database.ts';
import { migrationStatus, type NamedMigration } from '../db/migrate.ts';
import { codeOfSlug, errorCatalogue } from '../errors.ts';
import { sendProblem, ZProblem } from './problem.ts';

const ZHealth = z.object({ status: z.literal('ok') });
const ZReadiness = z.object({
  status: z.literal('ready'),
  migrations: z.number().int().describe('How many migrations are applied.'),
});
const ZProblemDoc = z.object({
  code: z.string(),
  status: z.number().int(),
  title: z.string(),
  doc: z.string(),
});

/** Liveness, readiness, the OpenAPI document and the documentation of each problem type. */
export const systemRoutes: FastifyPluginAsyncZod<{
  db: Db;
  migrations: readonly NamedMigration[];
}> = async (app, { db, migrations }) => {
  app.get(
    '/healthz',
    {
      config: { access: access('system', 'read') },
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process answers',
        response: { 200: ZHealth },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { access: access('system', 'read') },
      schema: {
        tags: ['system'],
        summary: 'Readiness: the database answers and every migration is applied',
        response: { 200: ZReadiness, 503: ZProblem },
      },
    },
    async (request, reply) => {
      try {
        await sql`SELECT 1`.execute(db);
        const status = await migrationStatus(db, migrations);
        const pending = status.filter((m) => m.executedAt === undefined);
        if (pending.length > 0) {
          return sendProblem(
            reply,
            'NOT_READY',
            `${pending.length} migration(s) are not applied; run \`qm migrate\`.`,
          );
        }
        return { status: 'ready' as const, migrations: status.length };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return sendProblem(reply, 'NOT_READY', 'The database does not answer.');
      }
    },
  );

  app.get(
    '/openapi.json',
    { config: { access: access('system', 'read') }, schema: { hide: true } },
    async () => app.swagger(),
  );

  app.get(
    '/problems/:slug',
    {
      config: { access: access('system', 'read') },
      schema: {
        tags: ['system'],
        summary: 'What a problem type means',
        params: z.object({ slug: z.string().max(64) }),
        response: { 200: ZProblemDoc, 404: ZProblem },
      },
    },
    async (request, reply) => {
      const code = codeOfSlug(request.params.slug);
      if (code === undefined)
        return sendProblem(reply, 'NOT_FOUND', `No problem type is called ${request.params.slug}.`);
      const entry = errorCatalogue[code];
      return { code, status: entry.status, title: entry.title, doc: entry.doc };
    },
  );
};
