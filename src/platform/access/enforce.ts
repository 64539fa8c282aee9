import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors.ts';
import { sendProblem } from '../http/problem.ts';
import {
  type ActionOf,
  decide,
  type Owner,
  type Principal,
  type Reach,
  type Resource,
} from './policy.ts';

/**
 * What a route declares about itself: the resource and action it serves, and — for a resource that
 * belongs to someone — how to find its owner (`null`: no such resource, answered 404).
 */
export interface RouteAccess<R extends Resource = Resource> {
  resource: R;
  action: ActionOf<R>;
  owner?: (request: FastifyRequest) => Promise<Owner | null>;
}

/** Declares a route's access, with the action checked against the resource's row of the table. */
export function access<R extends Resource>(
  resource: R,
  action: ActionOf<R>,
  owner?: (request: FastifyRequest) => Promise<Owner | null>,
): RouteAccess {
  return { resource, action, ...(owner === undefined ? {} : { owner }) } as RouteAccess;
}

/** Who a request comes from, and whether a cookie-borne change carried its CSRF token. */
export interface Authentication {
  principal: Principal;
  csrfVerified: boolean;
}

/** Resolves the caller from the request's credentials; throws UNAUTHENTICATED for bad ones. */
export type Authenticate = (request: FastifyRequest) => Promise<Authentication>;

/** A registered route and what it declared, for the tests that walk every route. */
export interface DeclaredRoute {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  /** The response schemas by status, as the route declared them. */
  responses: Record<string, unknown> | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    principal: Principal;
    /** How far the caller's grant reaches: a list route returns only what is within it. */
    reach: Reach;
  }
  interface FastifyInstance {
    declaredRoutes: DeclaredRoute[];
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

// The reference pages and their static files are as public as the document they render.
const isReferencePage = (url: string) => url === '/docs' || url.startsWith('/docs/');

/**
 * Deny by default: every request is authenticated, then checked against the policy table with the
 * route's declared resource, action and owner. A route that declared nothing is refused.
 * Register before any route.
 */
export function enforceAccess(app: FastifyInstance, authenticate: Authenticate): void {
  const declared: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', declared);
  // Set for every request by the onRequest hook below, before any handler can read it.
  app.decorateRequest('principal');
  app.decorateRequest('reach', 'any');

  app.addHook('onRoute', (route) => {
    if (isReferencePage(route.url) && route.config?.access === undefined) {
      route.config = { ...route.config, access: access('system', 'read') };
    }
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      const responses = (route.schema as { response?: Record<string, unknown> } | undefined)
        ?.response;
      declared.push({ method, url: route.url, access: route.config?.access, responses });
    }
  });

  app.addHook('onRequest', async (request) => {
    const { principal, csrfVerified } = await authenticate(request);
    request.principal = principal;
    if (
      principal.kind === 'user' &&
      principal.via === 'session' &&
      !SAFE_METHODS.has(request.method) &&
      !csrfVerified
    ) {
      throw new DomainError(
        'CSRF_TOKEN_INVALID',
        'Send the x-csrf-token header you were given at sign-in.',
      );
    }
  });

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.is404) return;
    const declaredAccess = request.routeOptions.config.access;
    if (declaredAccess === undefined) {
      request.log.error({ url: request.routeOptions.url }, 'route has no access policy');
      return sendProblem(
        reply,
        'FORBIDDEN',
        'This route declares no access policy, so nobody may use it.',
      );
    }
    const owner =
      declaredAccess.owner === undefined ? undefined : await declaredAccess.owner(request);
    if (owner === null)
      return sendProblem(reply, 'NOT_FOUND', `Nothing is at ${request.url.split('?')[0]}.`);
    const decision = decide(
      request.principal,
      declaredAccess.resource,
      declaredAccess.action as never,
      owner,
    );
    if (decision.allowed) {
      request.reach = decision.reach;
      return;
    }
    switch (decision.refusal) {
      case 'unauthenticated':
        reply.header('www-authenticate', 'Bearer realm="quartermaster"');
        return sendProblem(reply, 'UNAUTHENTICATED', 'Sign in, or send an API token, to do this.');
      case 'forbidden':
        return sendProblem(
          reply,
          'FORBIDDEN',
          `No role you hold may ${declaredAccess.action} ${declaredAccess.resource}.`,
        );
      case 'hidden':
        return sendProblem(reply, 'NOT_FOUND', `Nothing is at ${request.url.split('?')[0]}.`);
    }
  });
}

/** The signed-in caller of a route that only signed-in users reach, or UNAUTHENTICATED. */
export function signedIn(request: FastifyRequest): Extract<Principal, { kind: 'user' }> {
  if (request.principal.kind !== 'user') throw new DomainError('UNAUTHENTICATED', 'Sign in first.');
  return request.principal;
}
