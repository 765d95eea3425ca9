import type { ProblemCode, ProblemSlug } from './problem-codes.js'

/** RFC 9457 problems: services throw these; the error middleware renders them. */
export interface FieldError {
  path: string
  message: string
}

/**
 * A refusal: `slug` is the contract's coarse kind (`/problems/<slug>`), `code` the stable, specific
 * reason that clients and pages decide by (it defaults to the slug where the slug says it all).
 * `detail` is prose for people; nothing decides by it.
 */
export class Problem extends Error {
  readonly code: ProblemCode
  constructor(
    readonly status: number,
    readonly slug: ProblemSlug,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
    code?: ProblemCode,
  ) {
    super(detail)
    this.name = 'Problem'
    this.code = code ?? (slug as ProblemCode)
  }

  toJSON() {
    return {
      type: `/problems/${this.slug}`,
      title: this.title,
      status: this.status,
      code: this.code,
      detail: this.detail,
      ...(this.errors ? { errors: this.errors } : {}),
    }
  }
}

export const validation = (detail: string, errors?: FieldError[], code?: ProblemCode) =>
  new Problem(400, 'validation', 'Invalid request', detail, errors, undefined, code)
export const invalidSignature = (detail = 'The Stripe-Signature header is missing, wrong or stale.') =>
  new Problem(400, 'invalid-signature', 'Invalid signature', detail)
export const unauthenticated = (detail = 'A valid access token is required.', code?: ProblemCode) =>
  new Problem(
    401,
    'unauthenticated',
    'Unauthenticated',
    detail,
    undefined,
    { 'WWW-Authenticate': 'Bearer' },
    code,
  )
export const forbidden = (detail = 'Your role may not do this.', code?: ProblemCode) =>
  new Problem(403, 'forbidden', 'Forbidden', detail, undefined, undefined, code)
export const notEntitled = (detail = 'An active membership is required.', code?: ProblemCode) =>
  new Problem(403, 'not-entitled', 'Not entitled', detail, undefined, undefined, code)
export const notFound = (detail = 'No such resource.', code?: ProblemCode) =>
  new Problem(404, 'not-found', 'Not found', detail, undefined, undefined, code)
/** A 409 whose `code` names the rule that refused (e.g. `last-admin`, `membership-live`). */
export const conflict = (code: ProblemCode, detail: string) =>
  new Problem(409, 'conflict', 'Conflict', detail, undefined, undefined, code)
export const roundClosed = (detail = 'This round is closed.', code?: ProblemCode) =>
  new Problem(409, 'round-closed', 'Round closed', detail, undefined, undefined, code)
export const voteBudgetExhausted = (detail = 'You have used every vote of this round.') =>
  new Problem(409, 'vote-budget-exhausted', 'Vote budget exhausted', detail)
export const payloadTooLarge = (detail = 'Request bodies are limited to 100 kB.') =>
  new Problem(413, 'payload-too-large', 'Payload too large', detail)
export const unsupportedMediaType = (detail = 'Send the body as application/json.') =>
  new Problem(415, 'unsupported-media-type', 'Unsupported media type', detail)
/** A page asked for as JSON: pages answer HTML only, and a JSON client never gets HTML. */
export const notAcceptable = (detail = 'This is a page for browsers; it has no JSON form.') =>
  new Problem(406, 'not-acceptable', 'Not acceptable', detail)
export const rateLimited = (
  retryAfterSeconds: number,
  detail = 'Too many requests; try again later.',
  code?: ProblemCode,
) =>
  new Problem(
    429,
    'rate-limited',
    'Too many requests',
    detail,
    undefined,
    { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    code,
  )
export const internal = () =>
  new Problem(
    500,
    'internal',
    'Internal server error',
    'Something went wrong on our side; it has been logged.',
  )
export const unavailable = (detail: string, retryAfterSeconds?: number, code?: ProblemCode) =>
  new Problem(
    503,
    'unavailable',
    'Service unavailable',
    detail,
    undefined,
    retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(retryAfterSeconds) },
    code,
  )
export const stripeNotConfigured = (detail = 'Set STRIPE_SECRET_KEY to enable payments.') =>
  new Problem(503, 'stripe-not-configured', 'Stripe is not configured', detail)
export const stripeUnavailable = (detail = 'Stripe could not be reached or refused the call; try again.') =>
  new Problem(503, 'stripe-unavailable', 'Stripe unavailable', detail)
export const idempotencyMismatch = (
  detail = 'This Idempotency-Key was used with a different request body.',
) => new Problem(422, 'idempotency-mismatch', 'Idempotency key reused', detail)
export const emailVerificationRequired = (
  detail = 'This email address must be verified: we have mailed it a sign-in link.',
) => new Problem(403, 'email-verification-required', 'Email verification required', detail)

/** True when `err` is a refusal with one of these codes: the one way code decides by a refusal. */
export function refusedWith<C extends ProblemCode>(
  err: unknown,
  ...codes: C[]
): err is Problem & { code: C } {
  return err instanceof Problem && (codes as ProblemCode[]).includes(err.code)
}
