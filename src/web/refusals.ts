import type { ProblemCode } from '../http/problem-codes.js'
import { Problem } from '../http/problems.js'
import type { I18n, PlainKey } from './i18n/index.js'

/** How a page shows a refusal: its message, and the form field it belongs next to (if any). */
export interface Refusal {
  message: PlainKey
  field?: string
  /** Where the error page leads instead of home, when the refusal names a way on. */
  next?: { href: string; label: PlainKey }
}

/**
 * THE table from a refusal's code to what a reader sees: every code has a message in every language,
 * so a page never shows the English `detail` and never decides by it. A new code in
 * `http/problem-codes.ts` needs its line here (the type asks for every code).
 */
export const REFUSALS: Record<ProblemCode, Refusal> = {
  validation: { message: 'problem.validation' },
  'invalid-json': { message: 'problem.validation' },
  'invalid-cursor': { message: 'problem.validation' },
  'invalid-idempotency-key': { message: 'problem.validation' },
  'email-required': { message: 'form.required', field: 'email' },
  'email-with-session': { message: 'problem.emailWithSession', field: 'email' },
  'comp-until-past': { message: 'admin.problem.compUntilPast', field: 'until' },
  'closes-before-opens': { message: 'admin.problem.closesBeforeOpens', field: 'closesAt' },
  'coverage-url-not-covered': { message: 'admin.problem.coverageUrlNotCovered', field: 'coverageUrl' },
  'period-reversed': { message: 'admin.problem.periodReversed', field: 'from' },
  'period-too-long': { message: 'admin.problem.periodTooLong', field: 'from' },
  // Other ways to support (issue 20)
  'amount-out-of-range': { message: 'problem.amountOutOfRange', field: 'amount' },
  'currency-not-offered': { message: 'problem.currencyNotOffered', field: 'amount' },
  'gift-not-offered': { message: 'support.gift.choose', field: 'gift' },
  'gift-to-self': { message: 'support.gift.own', field: 'recipientEmail' },
  'send-at-past': { message: 'support.gift.badDate', field: 'sendAt' },
  'send-at-too-far': { message: 'support.gift.badDate', field: 'sendAt' },
  'preset-currency-not-offered': { message: 'admin.support.invalid' },
  'gift-tier-not-active': { message: 'admin.support.invalid' },
  'invalid-signature': { message: 'problem.validation' },

  unauthenticated: { message: 'problem.unauthenticated' },
  'access-token-invalid': { message: 'problem.unauthenticated' },
  'login-token-invalid': { message: 'login.confirm.invalid' },
  'refresh-token-invalid': { message: 'problem.unauthenticated' },
  'checkout-session-invalid': { message: 'checkout.signIn.body' },
  'claim-token-required': { message: 'checkout.signIn.body' },
  'setup-link-invalid': { message: 'admin.problem.setupLinkInvalid' },
  'account-removed': { message: 'problem.unauthenticated' },
  'gift-link-invalid': { message: 'gift.start.invalid' },
  forbidden: { message: 'error.403.body' },
  'csrf-invalid': { message: 'error.csrf.body' },
  'not-entitled': { message: 'round.error.entitled' },
  'vote-needs-membership': { message: 'round.error.entitled' },
  'suggest-needs-membership': { message: 'problem.suggestNeedsMembership', field: 'title' },
  'email-verification-required': { message: 'checkout.mailed.body' },

  'not-found': { message: 'error.404.body' },
  'round-not-found': { message: 'error.404.body' },
  'topic-not-found': { message: 'round.error.topic' },
  'vote-not-found': { message: 'problem.voteNotFound' },
  'suggestion-not-found': { message: 'error.404.body' },
  'tier-not-found': { message: 'error.404.body' },
  'price-not-found': { message: 'join.noPrice' },
  'member-not-found': { message: 'error.404.body' },
  'comp-not-found': { message: 'error.404.body' },
  'staff-not-found': { message: 'error.404.body' },

  duplicate: { message: 'problem.duplicate' },
  referenced: { message: 'problem.referenced' },
  'membership-live': { message: 'join.alreadyLive', field: 'email' },
  'no-billing-account': { message: 'problem.noBillingAccount' },
  'last-admin': { message: 'admin.staff.lastAdmin' },
  'tier-name-taken': { message: 'admin.problem.tierNameTaken', field: 'name' },
  'setup-done': { message: 'admin.problem.setupDone', next: { href: '/login', label: 'site.signIn' } },
  'topic-not-votable': { message: 'round.error.topic' },
  'suggestion-limit': { message: 'round.error.limit', field: 'title' },
  'suggestion-decided': { message: 'admin.done.already-decided' },
  'round-has-votes': { message: 'admin.problem.roundHasVotes', field: 'opensAt' },
  'votes-per-member-below-used': { message: 'admin.problem.votesBelowUsed', field: 'votesPerMember' },
  'gift-recipient-live': { message: 'support.gift.live', field: 'recipientEmail' },

  'round-closed': { message: 'round.error.closed' },
  'voting-not-open': { message: 'round.error.closed' },
  'withdrawal-closed': { message: 'round.error.closed' },
  'suggestions-closed': { message: 'round.error.closed', field: 'title' },
  'topics-closed': { message: 'admin.problem.topicsClosed' },
  'round-dates-final': { message: 'admin.problem.roundDatesFinal' },
  'vote-budget-exhausted': { message: 'round.error.budget' },

  'payload-too-large': { message: 'problem.payloadTooLarge' },
  'unsupported-media-type': { message: 'problem.validation' },
  'not-acceptable': { message: 'problem.validation' },
  'idempotency-mismatch': { message: 'problem.validation' },
  'rate-limited': { message: 'error.rateLimited.body' },
  'login-rate-limited': { message: 'error.rateLimited.body' },
  'checkout-rate-limited': { message: 'error.rateLimited.body' },
  internal: { message: 'error.500.body' },
  unavailable: { message: 'error.unavailable.body' },
  'database-unavailable': { message: 'error.database.body' },
  'database-busy': { message: 'error.unavailable.body' },
  'tier-changing': { message: 'error.unavailable.body' },
  'stripe-not-configured': { message: 'problem.stripeNotConfigured' },
  'stripe-unavailable': { message: 'error.stripe.body' },
}

/** A refusal as the reader sees it: the message in their language and the field it belongs to. */
export function describeRefusal(
  problem: Problem,
  i18n: I18n,
): { message: string; field: string | undefined; next: Refusal['next'] } {
  const refusal = REFUSALS[problem.code]
  return { message: i18n.t(refusal.message), field: refusal.field, next: refusal.next }
}

/**
 * A refusal as form errors: next to its field when it has one, else under `form` (a banner). Other
 * errors (a 5xx, a bug) are not refusals and go on to the error page.
 */
export function refusalErrors(err: unknown, i18n: I18n): Record<string, string> | undefined {
  if (!(err instanceof Problem) || err.status >= 500) return undefined
  const { message, field } = describeRefusal(err, i18n)
  return { [field ?? 'form']: message }
}
