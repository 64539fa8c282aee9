import type { RouteExamples } from './route-example.ts';

/** Requests for the system routes and the reference pages, for the access matrix. */
export const systemRouteExamples: RouteExamples = {
  'GET /healthz': () => ({}),
  'GET /readyz': () => ({}),
  'GET /openapi.json': () => ({}),
  'GET /problems/:slug': () => ({ url: '/problems/not-found' }),
  'GET /docs': () => ({}),
  'GET /docs/': () => ({}),
  'GET /docs/json': () => ({}),
  'GET /docs/yaml': () => ({}),
  'GET /docs/static/*': () => ({ url: '/docs/static/index.css' }),
  'GET /docs/uiConfig': () => ({}),
  'GET /docs/initOAuth': () => ({}),
  'GET /docs/static/index.html': () => ({}),
  'GET /docs/static/swagger-initializer.js': () => ({}),
};
