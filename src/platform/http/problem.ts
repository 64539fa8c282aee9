import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  type ErrorCode,
  errorCatalogue,
  type FieldProblem,
  type ProblemFacts,
  problemSlug,
} from '../errors.ts';

/** RFC 9457 problem details, as every error of the API is answered. */
export const ZProblem = z
  .object({
    type: z
      .string()
      .describe('A URI reference naming the kind of problem; GET it for its documentation.'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().describe('A human sentence about this occurrence.'),
    instance: z.string().describe('The request path.'),
    code: z.string().describe('The stable error code.'),
    requestId: z
      .string()
      .describe('Quote it when reporting a problem; the server log carries the same id.'),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('One entry per invalid field, with its path (e.g. `body.lines.0.quantity`).'),
    remaining: z
      .object({ minor: z.string(), currency: z.string() })
      .optional()
      .describe('Room left under a ceiling, in minor units, when a ceiling refused the request.'),
  })
  .meta({ id: 'Problem' });

/** The problem responses most routes can give, for their response schemas. */
export const PROBLEMS = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem } as const;

/** The body of a problem response. */
type Problem = z.infer<typeof ZProblem>;

/** Builds the problem document for a code. */
function problemFor(
  code: ErrorCode,
  detail: string,
  request: FastifyRequest,
  errors: readonly FieldProblem[],
  facts: ProblemFacts,
): Problem {
  const entry = errorCatalogue[code];
  return {
    type: `/problems/${problemSlug(code)}`,
    title: entry.title,
    status: entry.status,
    detail,
    instance: request.url.split('?')[0] ?? request.url,
    code,
    requestId: String(request.id),
    ...(errors.length > 0 ? { errors: [...errors] } : {}),
    ...facts,
  };
}

/** Answers with a problem document and its status, as application/problem+json. */
export function sendProblem(
  reply: FastifyReply,
  code: ErrorCode,
  detail: string,
  errors: readonly FieldProblem[] = [],
  facts: ProblemFacts = {},
): FastifyReply {
  const problem = problemFor(code, detail, reply.request, errors, facts);
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .serializer(JSON.stringify)
    .send(problem);
}
