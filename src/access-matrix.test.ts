import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agreementsRouteExamples } from './agreements/routes.examples.ts';
import { catalogueRouteExamples } from './catalogue/routes.examples.ts';
import { demandRouteExamples } from './demand/routes.examples.ts';
import { partiesRouteExamples } from './parties/routes.examples.ts';
import { planningRouteExamples } from './planning/routes.examples.ts';
import { decide, type Principal, ROLES, type Role } from './platform/access/policy.ts';
import { renderSecurityDoc } from './platform/access/render.ts';
import { ratesRouteExamples } from './rates/routes.examples.ts';
import { tendersRouteExamples } from './tenders/routes.examples.ts';
import { accessWorld } from './testing/access-world.ts';
import { describeEachDialect } from './testing/dialects.ts';
import type { RouteExamples } from './testing/route-example.ts';
import { systemRouteExamples } from './testing/system-route-examples.ts';

const examples: RouteExamples = {
  ...systemRouteExamples,
  ...partiesRouteExamples,
  ...catalogueRouteExamples,
  ...ratesRouteExamples,
  ...agreementsRouteExamples,
  ...tendersRouteExamples,
  ...demandRouteExamples,
  ...planningRouteExamples,
};

// The reference pages are served by @fastify/swagger-ui: static files, public by prefix, without
// response schemas of ours.
const isReferencePage = (url: string) => url === '/docs' || url.startsWith('/docs/');

const STATUS_OF_REFUSAL = { unauthenticated: 401, forbidden: 403, hidden: 404 } as const;

describeEachDialect('access matrix', (database) => {
  it('every route × every role × own and other party answers as the policy table says', {
    timeout: 240_000,
  }, async () => {
    const world = await accessWorld(database().db);
    const routes = world.app.declaredRoutes.filter((r) => r.method !== 'HEAD');
    const missing = routes
      .map((r) => `${r.method} ${r.url}`)
      .filter((key) => examples[key] === undefined);
    expect(missing, 'routes without an example request for this test').toEqual([]);

    let counter = 0;
    const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;
    const mismatches: string[] = [];
    let checked = 0;
    for (const route of routes) {
      const declared = route.access;
      if (declared === undefined) {
        mismatches.push(`${route.method} ${route.url}: no access policy`);
        continue;
      }
      const example = examples[`${route.method} ${route.url}`];
      if (example === undefined) continue;
      for (const audience of ['public', ...ROLES] as const) {
        for (const ownership of ['own', 'other'] as const) {
          const caller = audience === 'public' ? undefined : world.callers[audience as Role].own;
          const target =
            world.callers[audience === 'public' ? 'nation-rep' : (audience as Role)][ownership];
          const request = await example({ world, caller, target, unique });
          const principal: Principal = caller?.principal ?? { kind: 'anonymous' };
          const expected = decide(
            principal,
            declared.resource,
            declared.action as never,
            request.owner,
          );
          const response = await world.app.inject({
            method: route.method as 'GET',
            url: request.url ?? route.url,
            ...(request.payload === undefined ? {} : { payload: request.payload as object }),
            headers: caller === undefined ? {} : { authorization: `Bearer ${caller.bearer}` },
          });
          // Allowed means served: 2xx with a body for reads, or a redirect to where it is served.
          const served =
            (response.statusCode >= 200 &&
              response.statusCode < 300 &&
              (route.method !== 'GET' || response.body.length > 0)) ||
            (response.statusCode >= 300 &&
              response.statusCode < 400 &&
              response.headers.location !== undefined);
          const ok = expected.allowed
            ? served
            : response.statusCode === STATUS_OF_REFUSAL[expected.refusal];
          checked += 1;
          if (!ok) {
            mismatches.push(
              `${route.method} ${request.url ?? route.url} as ${audience} (${ownership}): expected ${
                expected.allowed ? '2xx' : STATUS_OF_REFUSAL[expected.refusal]
              }, got ${response.statusCode} ${response.body.slice(0, 160)}`,
            );
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(routes.length * (ROLES.length + 1) * 2);
  });

  it('no route is without a policy or a response schema, and no response schema carries a secret', async () => {
    const world = await accessWorld(database().db);
    const ours = world.app.declaredRoutes.filter((r) => !isReferencePage(r.url));
    expect(ours.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`)).toEqual(
      [],
    );
    expect(
      ours.filter((r) => r.responses === undefined && r.url !== '/openapi.json').map((r) => r.url),
    ).toEqual([]);

    const secretish = /(hash|password|salt|secret|masterkey|privatekey|key_?material)/i;
    const leaks: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties' && value !== null && typeof value === 'object') {
          for (const name of Object.keys(value))
            if (secretish.test(name)) leaks.push(`${path}.${name}`);
        }
        walk(value, `${path}.${key}`);
      }
    };
    for (const route of ours) {
      for (const [status, schema] of Object.entries(route.responses ?? {})) {
        walk(
          z.toJSONSchema(schema as z.ZodType, { io: 'output', unrepresentable: 'any' }),
          `${route.method} ${route.url} ${status}`,
        );
      }
    }
    expect(leaks).toEqual([]);
  });

  it('docs/security.md is the policy table and the routes as the code has them', async () => {
    const world = await accessWorld(database().db);
    const onDisk = await readFile(new URL('../docs/security.md', import.meta.url), 'utf8');
    expect(onDisk, 'run `npm run docs:security` and commit the result').toBe(
      renderSecurityDoc(world.app.declaredRoutes),
    );
  });

  it('a route that declares no policy is refused at runtime', async () => {
    const world = await accessWorld(database().db);
    await world.app.close();
    const { api, migrations } = await import('./contexts.ts');
    const { buildApp } = await import('./platform/http/server.ts');
    const { routes, authenticate } = api(world.runtime);
    const app = await buildApp({
      db: database().db,
      migrations,
      authenticate,
      version: 'test',
      routes: [
        ...routes,
        async (instance) => {
          instance.get('/undeclared', async () => ({ leaked: true }));
        },
      ],
    });
    const caller = world.callers.admin.own;
    const response = await app.inject({
      url: '/undeclared',
      headers: { authorization: `Bearer ${caller.bearer}` },
    });
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain('leaked');
    expect(app.declaredRoutes.find((r) => r.url === '/undeclared')?.access).toBeUndefined();
    await app.close();
  });
});

describe('route examples', () => {
  it('name only routes that exist', async () => {
    expect(Object.keys(examples).every((key) => /^(GET|POST|PUT|PATCH|DELETE) \//.test(key))).toBe(
      true,
    );
  });
});
