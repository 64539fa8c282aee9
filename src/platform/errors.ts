/**
 * The one catalogue of error codes. The domain raises a code, never an HTTP status;
 * `http/problem.ts` turns a code into RFC 9457 problem+json with the status below.
 * Changing a code is a breaking change for API clients: add, never rename.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: {
    status: 400,
    title: 'The request is not valid',
    doc: 'One or more fields of the request failed validation; `errors` names each field and why.',
  },
  MALFORMED_REQUEST: {
    status: 400,
    title: 'The request body could not be read',
    doc: 'The body is not well-formed for its content type (for example invalid JSON).',
  },
  UNAUTHENTICATED: {
    status: 401,
    title: 'Not signed in',
    doc: 'The request carries no valid session or API token (missing, expired, revoked or malformed). Sign in or send `Authorization: Bearer <token>`.',
  },
  LOGIN_FAILED: {
    status: 401,
    title: 'Sign-in refused',
    doc: 'The user name or the password is wrong. Repeated failures lock the account for a while.',
  },
  FORBIDDEN: {
    status: 403,
    title: 'Not allowed',
    doc: 'None of the roles you hold (or your token is scoped to) may do this.',
  },
  CSRF_TOKEN_INVALID: {
    status: 403,
    title: 'Missing or wrong CSRF token',
    doc: 'A change made with a session cookie must carry the `x-csrf-token` header given at sign-in.',
  },
  NOT_FOUND: {
    status: 404,
    title: 'Not found',
    doc: 'No resource at this address, or none that you may see.',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    title: 'Method not allowed',
    doc: 'The resource exists but does not accept this HTTP method; `Allow` lists the ones it does.',
  },
  STREAM_VERSION_CONFLICT: {
    status: 409,
    title: 'Concurrent change',
    doc: 'Another command changed the same record at the same moment, and retrying did not resolve it. Read it again and repeat the command.',
  },
  ALREADY_EXISTS: {
    status: 409,
    title: 'Already exists',
    doc: 'Something with this identifier exists already.',
  },
  CEILING_EXCEEDED: {
    status: 409,
    title: 'The ceiling would be exceeded',
    doc: "The call-off, or the amendment, would take the agreement's committed value over its ceiling. `remaining` says how much room is left, in the agreement's currency.",
  },
  SUBCEILING_EXCEEDED: {
    status: 409,
    title: "The nation's sub-ceiling would be exceeded",
    doc: "The call-off, or the amendment, would take the nation's committed value under the agreement over its sub-ceiling. `remaining` says how much room the nation has left.",
  },
  CEILING_BELOW_COMMITTED: {
    status: 409,
    title: 'The ceiling would fall below what is committed',
    doc: 'A ceiling cannot be lowered under the value already committed by call-offs.',
  },
  CAPACITY_EXCEEDED: {
    status: 409,
    title: 'No capacity left',
    doc: 'The supplier asked for (or, in a cascade, every supplier that prices the item) has no capacity left in one of the months asked.',
  },
  AGREEMENT_NOT_ACTIVE: {
    status: 409,
    title: 'The agreement is not active',
    doc: 'Call-offs are placed and amended only on an active agreement, within its validity period.',
  },
  INVALID_TRANSITION: {
    status: 409,
    title: 'Not possible in the current state',
    doc: 'The record is in a state from which this step is not allowed; `detail` says which state it is in.',
  },
  NOT_A_PARTICIPANT: {
    status: 422,
    title: 'Not a participant',
    doc: 'Only the nations taking part in a framework agreement may place call-offs against it.',
  },
  EXCHANGE_RATE_MISSING: {
    status: 422,
    title: 'No exchange rate',
    doc: 'No rate between the two currencies is published for that day or any day before it. Publish one (`POST /exchange-rates`, `qm rates import`).',
  },
  SECOND_APPROVER_REQUIRED: {
    status: 403,
    title: 'A second officer must approve',
    doc: 'The officer who proposed a change may not approve it (four eyes).',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    title: 'Request body too large',
    doc: 'The body exceeds the size the server accepts.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'Unsupported media type',
    doc: 'The body is in a content type this endpoint does not accept; send application/json.',
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    title: 'Too many attempts',
    doc: 'Too many failed sign-ins: the account is locked for a while. `Retry-After` says how many seconds.',
  },
  NOT_READY: {
    status: 503,
    title: 'Not ready',
    doc: 'The database is unreachable or its migrations are not all applied.',
  },
  INTERNAL: {
    status: 500,
    title: 'Internal error',
    doc: 'Something failed on the server. The response carries a request id to quote; details are in the server log only.',
  },
  BID_SEALED: {
    status: 403,
    title: 'The bid is sealed',
    doc: "A bid's content is read by nobody — agency, auditor, administrator, nor the supplier that made it — before the tender's opening.",
  },
  TENDER_CLOSED: {
    status: 409,
    title: 'The tender takes no bids',
    doc: 'Bids are submitted, replaced, re-confirmed and withdrawn only while a tender is published and before its bid deadline.',
  },
  NOT_ELIGIBLE: {
    status: 422,
    title: 'Not eligible to bid',
    doc: "The tender's eligibility rules admit suppliers registered for its supply classes and established in its countries; `detail` says which rule keeps this one out.",
  },
  CONFLICT_NOT_DECLARED: {
    status: 403,
    title: 'No declaration of conflict of interest',
    doc: 'An evaluator declares that they have no conflict of interest in a tender before they see or mark its bids.',
  },
} as const satisfies Record<string, { status: number; title: string; doc: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** One problem with one field of an input, as reported to the user. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** Facts a problem carries beside its sentence, for a client to act on. */
export interface ProblemFacts {
  /** How much room is left under a ceiling, in minor units. */
  remaining?: { minor: string; currency: string };
}

/** A failure the domain expects and can explain: a stable code and a human sentence. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly errors: readonly FieldProblem[];

  /** Seconds after which repeating the request may succeed (sent as `Retry-After`). */
  readonly retryAfterSeconds: number | undefined;

  readonly facts: ProblemFacts;

  constructor(
    code: ErrorCode,
    detail: string,
    errors: readonly FieldProblem[] = [],
    retryAfterSeconds: number | undefined = undefined,
    facts: ProblemFacts = {},
  ) {
    super(detail);
    this.name = 'DomainError';
    this.code = code;
    this.errors = errors;
    this.retryAfterSeconds = retryAfterSeconds;
    this.facts = facts;
  }
}

/** The URL-safe slug of a code, used in problem `type` URIs (`/problems/<slug>`). */
export function problemSlug(code: ErrorCode): string {
  return code.toLowerCase().replaceAll('_', '-');
}

/** The code whose slug this is, if any. */
export function codeOfSlug(slug: string): ErrorCode | undefined {
  return (Object.keys(errorCatalogue) as ErrorCode[]).find((code) => problemSlug(code) === slug);
}
