import type { Owner } from '../platform/access/policy.ts';
import type { AccessWorld, Caller } from './access-world.ts';

/** What a route example is built from: who calls, whose resource it targets, and the fixtures. */
interface ExampleContext {
  world: AccessWorld;
  /** Undefined for the public. */
  caller: Caller | undefined;
  /** The user whose resource the request is about: the caller (own) or another user (other). */
  target: Caller;
  /** A fresh string, so that creations never collide. */
  unique(): string;
}

/** A concrete request for a route, and whose resource it is (when the route's policy asks). */
interface ExampleRequest {
  url?: string;
  payload?: unknown;
  owner?: Owner;
}

/** Examples keyed by `METHOD /route/:pattern`, as Fastify registers them. */
export type RouteExamples = Record<
  string,
  (context: ExampleContext) => Promise<ExampleRequest> | ExampleRequest
>;
