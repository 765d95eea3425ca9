import {
  findCheckoutClaim,
  subscribedBefore,
  syncCheckoutSession,
  useCheckoutClaim,
} from '../billing/index.js'
import { type Stripe, stripeSdk } from '../billing/stripe-client.js'
import { inTransaction } from '../db/transaction.js'
import { emailVerificationRequired, refusedWith, stripeNotConfigured } from '../http/problems.js'
import { deliverMails } from '../mail/sender.js'
import {
  type AuthDeps,
  badSession,
  requestMagicLink,
  startSession,
  type TokenResponse,
} from './auth.service.js'
import { findMemberForToken, lockMemberForSignIn } from './identity.repository.js'
import { hashSecret } from './secrets.js'
import { findStaffByEmail } from './staff.repository.js'

export interface CheckoutClaim {
  checkoutSessionId: string
  /** The secret POST /v1/checkout returned to the browser that started the session. */
  claimToken: string
}

/**
 * Signs in, without email, the browser that started a Checkout Session here and completed it: the
 * claim token must match, the session must be complete and unused. Paying proves nothing about who
 * owns an email, so only a member who had neither signed in nor subscribed before (a new reader) is
 * signed in; for anyone else, or a staff email, the address is mailed a sign-in link instead.
 */
export async function redeemCheckoutSession(deps: AuthDeps, claim: CheckoutClaim): Promise<TokenResponse> {
  if (!deps.stripe) throw stripeNotConfigured()
  const claimHash = hashSecret(claim.claimToken)
  // Checked before Stripe is asked: a session not created here, used, or claimed with another token.
  const recorded = await findCheckoutClaim(deps.db, claim.checkoutSessionId, claimHash)
  if (!recorded) throw badSession()
  const session = await retrieveCheckoutSession(deps.stripe, claim.checkoutSessionId)
  if (session?.status !== 'complete' || session.client_reference_id !== recorded.member_id) throw badSession()
  const member = await findMemberForToken(deps.db, recorded.member_id)
  const customer = idOf(session.customer)
  if (!member || (member.stripe_customer_id && customer && customer !== member.stripe_customer_id)) {
    throw badSession()
  }
  // The webhook may not have arrived yet: bring the subscription up to date so `ent` is right now.
  const synced = await syncCheckoutSession({ db: deps.db, stripe: deps.stripe, config: deps.config }, session)
  await deliverMails(deps, [synced?.sync?.mailId])

  const outcome = await inTransaction(deps.db, async (trx) => {
    // Under the member's row lock, so two sessions of one member cannot both pass as "new".
    const locked = await lockMemberForSignIn(trx, member.id)
    if (!locked || !(await useCheckoutClaim(trx, claim.checkoutSessionId, claimHash))) return undefined
    const known =
      locked.last_signed_in_at !== null ||
      (await findStaffByEmail(trx, locked.email)) !== undefined ||
      (await subscribedBefore(trx, member.id, {
        startedAt: new Date(session.created * 1000),
        subscriptionId: idOf(session.subscription),
      }))
    if (known) return { verify: locked.email }
    return startSession(trx, deps.tokens, { memberId: member.id })
  })
  if (!outcome) throw badSession()
  if ('verify' in outcome) {
    await mailSignInLink(deps, outcome.verify)
    throw emailVerificationRequired()
  }
  return outcome
}

/** The sign-in link that stands in for a Checkout sign-in; its rate limit silently applies. */
async function mailSignInLink(deps: AuthDeps, email: string): Promise<void> {
  try {
    await requestMagicLink(deps, email, null)
  } catch (err) {
    if (!refusedWith(err, 'login-rate-limited')) throw err
    deps.logger.warn('no sign-in link mailed after Checkout: the address is rate-limited')
  }
}

const idOf = (ref: string | { id: string } | null | undefined) =>
  typeof ref === 'string' ? ref : (ref?.id ?? null)

async function retrieveCheckoutSession(stripe: Stripe, id: string) {
  try {
    return await stripe.checkout.sessions.retrieve(id)
  } catch (err) {
    if (err instanceof stripeSdk().errors.StripeInvalidRequestError && err.statusCode === 404)
      return undefined
    throw err
  }
}
