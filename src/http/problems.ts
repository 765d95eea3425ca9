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
  readonly code: string
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
    code?: string,
  ) {
    super(detail)
    this.name = 'Problem'
    this.code = code ?? slug
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

export const validation = (detail: string, errors?: FieldError[]) =>
  new Problem(400, 'validation', 'Invalid request', detail, errors)
export const invalidSignature = (detail = 'The Stripe-Signature header is missing, wrong or stale.') =>
  new Problem(400, 'invalid-signature', 'Invalid signature', detail)
export const unauthenticated = (detail = 'A valid access token is required.') =>
  new Problem(401, 'unauthenticated', 'Unauthenticated', detail, undefined, { 'WWW-Authenticate': 'Bearer' })
export const forbidden = (detail = 'Your role may not do this.') =>
  new Problem(403, 'forbidden', 'Forbidden', detail)
export const notEntitled = (detail = 'An active membership is required.') =>
  new Problem(403, 'not-entitled', 'Not entitled', detail)
export const notFound = (detail = 'No such resource.') => new Problem(404, 'not-found', 'Not found', detail)
/** A 409 whose `code` names the rule that refused (e.g. `last-admin`, `membership-live`). */
export const conflict = (code: string, detail: string) =>
  new Problem(409, 'conflict', 'Conflict', detail, undefined, undefined, code)
export const roundClosed = (detail = 'This round is closed.') =>
  new Problem(409, 'round-closed', 'Round closed', detail)
export const voteBudgetExhausted = (detail = 'You have used every vote of this round.') =>
  new Problem(409, 'vote-budget-exhausted', 'Vote budget exhausted', detail)
export const payloadTooLarge = (detail = 'Request bodies are limited to 100 kB.') =>
  new Problem(413, 'payload-too-large', 'Payload too large', detail)
export const unsupportedMediaType = (detail = 'Send the body as application/json.') =>
  new Problem(415, 'unsupported-media-type', 'Unsupported media type', detail)
export const rateLimited = (retryAfterSeconds: number, detail = 'Too many requests; try again later.') =>
  new Problem(429, 'rate-limited', 'Too many requests', detail, undefined, {
    'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  })
export const internal = () =>
  new Problem(
    500,
    'internal',
    'Internal server error',
    'Something went wrong on our side; it has been logged.',
  )
export const unavailable = (detail: string, retryAfterSeconds?: number) =>
  new Problem(
    503,
    'unavailable',
    'Service unavailable',
    detail,
    undefined,
    retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(retryAfterSeconds) },
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
