/**
 * Every refusal's stable `code`, grouped by the slug it refines. The slug says what kind of answer it
 * is (`/problems/<slug>`); the code says which rule refused, so a client or a page can say why. A code
 * that equals its slug is the generic case. The OpenAPI document lists them (problemSchema), and
 * `web/refusals.ts` maps each one to a message in the reader's language.
 *
 * A new refusal: add its code here under its slug, then a line in `web/refusals.ts` (the compiler
 * asks for it).
 */
export const PROBLEM_CODES_BY_SLUG = {
  validation: [
    'validation',
    'invalid-json',
    'invalid-cursor',
    'invalid-idempotency-key',
    'email-required',
    'email-with-session',
    'comp-until-past',
    'closes-before-opens',
    'coverage-url-not-covered',
    'period-reversed',
    'period-too-long',
    // Other ways to support (issue 20)
    'amount-out-of-range',
    'currency-not-offered',
    'gift-not-offered',
    'gift-to-self',
    'send-at-past',
    'send-at-too-far',
    'preset-currency-not-offered',
    'gift-tier-not-active',
  ],
  'invalid-signature': ['invalid-signature'],
  unauthenticated: [
    'unauthenticated',
    'access-token-invalid',
    'login-token-invalid',
    'refresh-token-invalid',
    'checkout-session-invalid',
    'claim-token-required',
    'setup-link-invalid',
    'account-removed',
    'gift-link-invalid',
  ],
  forbidden: ['forbidden', 'csrf-invalid'],
  'not-entitled': ['not-entitled', 'vote-needs-membership', 'suggest-needs-membership'],
  'email-verification-required': ['email-verification-required'],
  'not-found': [
    'not-found',
    'round-not-found',
    'topic-not-found',
    'vote-not-found',
    'suggestion-not-found',
    'tier-not-found',
    'price-not-found',
    'member-not-found',
    'comp-not-found',
    'staff-not-found',
  ],
  conflict: [
    'duplicate',
    'referenced',
    'membership-live',
    'no-billing-account',
    'last-admin',
    'setup-done',
    'topic-not-votable',
    'suggestion-limit',
    'suggestion-decided',
    'round-has-votes',
    'votes-per-member-below-used',
    'gift-recipient-live',
    'tier-name-taken',
  ],
  'round-closed': [
    'round-closed',
    'voting-not-open',
    'withdrawal-closed',
    'suggestions-closed',
    'topics-closed',
    'round-dates-final',
  ],
  'vote-budget-exhausted': ['vote-budget-exhausted'],
  'payload-too-large': ['payload-too-large'],
  'unsupported-media-type': ['unsupported-media-type'],
  'not-acceptable': ['not-acceptable'],
  'idempotency-mismatch': ['idempotency-mismatch'],
  'rate-limited': ['rate-limited', 'login-rate-limited', 'checkout-rate-limited'],
  internal: ['internal'],
  unavailable: ['unavailable', 'database-unavailable', 'database-busy', 'tier-changing'],
  'stripe-not-configured': ['stripe-not-configured'],
  'stripe-unavailable': ['stripe-unavailable'],
} as const

type BySlug = typeof PROBLEM_CODES_BY_SLUG
export type ProblemSlug = keyof BySlug
export type ProblemCode = BySlug[ProblemSlug][number]

export const PROBLEM_CODES = Object.values(PROBLEM_CODES_BY_SLUG).flat() as ProblemCode[]

export const isProblemCode = (value: unknown): value is ProblemCode =>
  typeof value === 'string' && (PROBLEM_CODES as string[]).includes(value)
