import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';
import { migrations } from '../../contexts.ts';
import { describeEachDialect } from '../../testing/dialects.ts';
import { access } from '../access/enforce.ts';
import { DomainError } from '../errors.ts';
import { buildApp } from './server.ts';

const ZOrder = z.object({
  nation: z.string().length(3),
  lines: z
    .array(z.object({ nsn: z.string().regex(/^\d{13}$/), quantity: z.number().int().positive() }))
    .min(1),
});

// Routes made for this test: one that validates, one that refuses, one that fails unexpectedly.
const testRoutes: FastifyPluginAsyncZod = async (app) => {
  const open = { config: { access: access('system', 'read') } };
  app.post(
    '/test/orders',
    {
      config: { access: access('system', 'read') },
      schema: { body: ZOrder, response: { 201: z.object({ lines: z.number() }) } },
    },
    async (request, reply) => reply.code(201).send({ lines: request.body.lines.length }),
  );
  app.get('/test/conflict', open, async () => {
    throw new DomainError('STREAM_VERSION_CONFLICT', 'agreement:1 changed while this command ran');
  });
  app.get('/test/slow', open, async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    return 'done';
  });
  app.get('/test/crash', open, async () => {
    throw new Error('secret internals at /srv/app.ts:42');
  });
};

describeEachDialect('HTTP API', (database) => {
  let app: FastifyInstance | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function build(options: { migrations?: typeof migrations; bodyLimit?: number } = {}) {
    app = await buildApp({
      db: database().db,
      migrations: options.migrations ?? migrations,
      routes: [testRoutes],
      authenticate: async () => ({ principal: { kind: 'anonymous' }, csrfVerified: false }),
      version: '0.0.0-test',
      ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    });
    return app;
  }

  it('answers liveness and readiness', async () => {
    const api = await build();
    const health = await api.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await api.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', migrations: migrations.length });
  });

  it('is not ready while a migration is pending', async () => {
    const api = await build({
      migrations: [...migrations, { name: '9999-12-31-99-pending', up: async () => undefined }],
    });
    const ready = await api.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(ready.json()).toMatchObject({ code: 'NOT_READY', status: 503 });
  });

  it('publishes an OpenAPI 3.1 document and a reference page', async () => {
    const api = await build();
    const doc = (await api.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/test/orders']),
    );
    expect(doc.components.schemas.Problem).toBeDefined();
    const page = await api.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
  });

  it('names every invalid field with its path', async () => {
    const api = await build();
    const response = await api.inject({
      method: 'POST',
      url: '/test/orders',
      payload: { nation: 'FRANCE', lines: [{ nsn: '1320-12-345-6789', quantity: 0 }] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = response.json();
    expect(problem).toMatchObject({
      type: '/problems/validation-failed',
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'body.lines.0.nsn',
      'body.lines.0.quantity',
      'body.nation',
    ]);
    expect(problem.detail).toMatch(/^body\.\w+.*\(and 2 more\)\.$/);
  });

  it('answers unreadable bodies, unknown paths, wrong methods and oversized bodies as problems', async () => {
    const api = await build({ bodyLimit: 64 });
    const malformed = await api.inject({
      method: 'POST',
      url: '/test/orders',
      headers: { 'content-type': 'application/json' },
      payload: '{"nation": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'MALFORMED_REQUEST' });

    const notFound = await api.inject({ method: 'GET', url: '/nowhere?x=1' });
    expect(notFound.statusCode).toBe(404);
    expect(notFound.json()).toMatchObject({ code: 'NOT_FOUND', instance: '/nowhere' });

    const wrongMethod = await api.inject({ method: 'DELETE', url: '/healthz' });
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD');
    expect(wrongMethod.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });

    const tooLarge = await api.inject({
      method: 'POST',
      url: '/test/orders',
      payload: {
        nation: 'FRA',
        lines: Array.from({ length: 10 }, () => ({ nsn: '1320123456789', quantity: 1 })),
      },
    });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });

    const wrongType = await api.inject({
      method: 'POST',
      url: '/test/orders',
      headers: { 'content-type': 'text/csv' },
      payload: 'a,b',
    });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('maps domain errors by their code and hides unexpected ones', async () => {
    const api = await build();
    const conflict = await api.inject({ method: 'GET', url: '/test/conflict' });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({
      code: 'STREAM_VERSION_CONFLICT',
      detail: 'agreement:1 changed while this command ran',
    });

    const crash = await api.inject({
      method: 'GET',
      url: '/test/crash',
      headers: { 'x-request-id': 'trace-123' },
    });
    expect(crash.statusCode).toBe(500);
    expect(crash.headers['x-request-id']).toBe('trace-123');
    expect(crash.json()).toMatchObject({ code: 'INTERNAL', requestId: 'trace-123' });
    expect(crash.body).not.toMatch(/secret internals|app\.ts|at /);
  });

  it('finishes requests in flight when it closes, and takes no new ones', async () => {
    const api = await build();
    const address = await api.listen({ host: '127.0.0.1', port: 0 });
    const inFlight = fetch(`${address}/test/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = api.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('done');
    await closing;
    await expect(fetch(`${address}/healthz`)).rejects.toThrow();
    app = undefined;
  });

  it('documents each problem type at its URI', async () => {
    const api = await build();
    const doc = await api.inject({ method: 'GET', url: '/problems/stream-version-conflict' });
    expect(doc.json()).toMatchObject({ code: 'STREAM_VERSION_CONFLICT', status: 409 });
    const missing = await api.inject({ method: 'GET', url: '/problems/no-such-thing' });
    expect(missing.statusCode).toBe(404);
  });
});
