import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
} from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { pino } from 'pino';
import { type Authenticate, enforceAccess } from '../access/enforce.ts';
import type { Db } from '../db/database.ts';
import type { NamedMigration } from '../db/migrate.ts';
import { answerErrorsAsProblems } from './errors.ts';
import { systemRoutes } from './system-routes.ts';

/** Everything the HTTP API needs, passed in so that tests build it on their own database. */
export interface AppOptions {
  db: Db;
  migrations: readonly NamedMigration[];
  /** Each bounded context's routes, as Fastify plugins. */
  routes: readonly FastifyPluginAsync[];
  /** Who a request comes from; every route is then checked against the access policy. */
  authenticate: Authenticate;
  version: string;
  /** Silent when absent, as tests want. */
  logger?: FastifyBaseLogger;
  bodyLimit?: number;
  /** Believe X-Forwarded-* from a TLS-terminating proxy in front. */
  trustProxy?: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The API as a Fastify instance, ready for `inject()` in tests or `listen()` in `qm serve`. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger ?? pino({ level: 'silent' }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Trust a caller's id when it looks like one, so a request can be followed across services.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    trustProxy: options.trustProxy ?? false,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  answerErrorsAsProblems(app);
  closeKeepAliveConnectionsOnShutdown(app);
  enforceAccess(app, options.authenticate);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Quartermaster API',
        version: options.version,
        description:
          'Multinational joint defence procurement: pooled demand, tenders, framework agreements, call-offs, planning and a tamper-evident ledger. Every error is RFC 9457 problem+json.',
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    // Nothing is loaded from elsewhere (no validator badge); the UI sets inline styles itself.
    uiConfig: { validatorUrl: null },
    staticCSP:
      "default-src 'self'; base-uri 'self'; img-src 'self' data:; object-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
  });

  await app.register(systemRoutes, { db: options.db, migrations: options.migrations });
  for (const routes of options.routes) await app.register(routes);
  return app;
}

/**
 * A keep-alive connection that is busy when shutdown starts would otherwise stay open after its
 * response, and `close()` would wait for the client's idle timeout: answer with
 * `Connection: close` once closing has begun.
 */
function closeKeepAliveConnectionsOnShutdown(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });
}
