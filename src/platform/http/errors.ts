import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { DomainError, type FieldProblem } from '../errors.ts';
import { sendProblem } from './problem.ts';

const METHODS: readonly HTTPMethod[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function fieldPath(context: string | undefined, instancePath: string): string {
  const rest = instancePath
    .split('/')
    .filter((part) => part !== '')
    .join('.');
  const root = context ?? 'body';
  return rest === '' ? root : `${root}.${rest}`;
}

function validationProblems(
  error: FastifyError & { validation: readonly { instancePath: string; message?: string }[] },
): FieldProblem[] {
  return error.validation.map((issue) => ({
    path: fieldPath(error.validationContext, issue.instancePath),
    message: issue.message ?? 'is invalid',
  }));
}

function summary(problems: readonly FieldProblem[]): string {
  const first = problems[0];
  if (first === undefined) return 'The request is not valid.';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return `${first.path}: ${first.message}${more}.`;
}

/**
 * Makes every failure an RFC 9457 problem: validation with a path per field, domain errors by
 * their catalogue code, Fastify's own 4xx by status, and anything else a plain 500 whose details
 * stay in the log under the request id.
 */
export function answerErrorsAsProblems(app: FastifyInstance): void {
  // Our own router of the registered paths, only to tell 405 (path exists) from 404.
  const routes = FindMyWay();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (METHODS.includes(method as HTTPMethod)) {
        routes.on(method as HTTPMethod, route.url, () => undefined);
      }
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const problems = validationProblems(error);
      return sendProblem(reply, 'VALIDATION_FAILED', summary(problems), problems);
    }
    if (error instanceof DomainError) {
      if (error.retryAfterSeconds !== undefined)
        reply.header('retry-after', String(error.retryAfterSeconds));
      if (error.code === 'UNAUTHENTICATED')
        reply.header('www-authenticate', 'Bearer realm="quartermaster"');
      return sendProblem(reply, error.code, error.message, error.errors, error.facts);
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(
          reply,
          'PAYLOAD_TOO_LARGE',
          'The request body exceeds the size the server accepts.',
        );
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(
          reply,
          'UNSUPPORTED_MEDIA_TYPE',
          `Content type ${request.headers['content-type'] ?? '(none)'} is not accepted here; send application/json.`,
        );
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, 'MALFORMED_REQUEST', readableMessage(error));
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(
      reply,
      'INTERNAL',
      `Something failed on the server; quote request id ${request.id} when reporting it.`,
    );
  });

  app.setNotFoundHandler((request: FastifyRequest, reply) => {
    const path = request.url.split('?')[0] ?? request.url;
    const allowed = METHODS.filter((method) => routes.find(method, path) !== null);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(
        reply,
        'METHOD_NOT_ALLOWED',
        `${request.method} is not allowed on ${path}; use ${allowed.join(', ')}.`,
      );
    }
    return sendProblem(reply, 'NOT_FOUND', `Nothing is at ${path}.`);
  });
}

// Fastify's messages for body parsing failures are sentences already; stack traces never are.
function readableMessage(error: FastifyError): string {
  const message = error.message.split('\n')[0] ?? '';
  return message.endsWith('.') ? message : `${message}.`;
}
