import { notePageLocale } from '../accounts/index.js'
import { hashSecret, newSecret } from '../accounts/secrets.js'
import type { Config } from '../config.js'
import type { Db } from '../db/connect.js'
import { inTransaction } from '../db/transaction.js'
import { conflict, notFound, rateLimited, unauthenticated, validation } from '../http/problems.js'
import type { Locale } from '../locales.js'
import {
  insertCheckoutSession,
  isCheckoutOf,
  lockCheckoutRequests,
  recentCheckoutRequests,
  recordCheckoutRequest,
} from './checkout.repository.js'
import { memberCustomer } from './members.repository.js'
import { LIVE_STATUSES } from './membership.js'
import { requireStripe, type Stripe, stripeCall } from './stripe-client.js'
import { linkCustomer, memberForCheckout, upsertMemberByEmail } from './subscriptions.repository.js'
import { type BillingContext, type SyncResult, syncSubscription } from './sync.service.js'
import { insertRaisedPrice, raisedPrice, sellablePrice } from './tiers.repository.js'

export interface CheckoutInput {
  /** Whose membership: an email (anonymous callers), or the signed-in member's id. */
  email?: string | undefined
  memberId?: string | undefined
  priceId: string
  /** Pay what you want: a monthly or yearly amount above the price's own (minor units). */
  amount?: number | undefined
  successUrl?: string | undefined
  cancelUrl?: string | undefined
  locale?: Locale | undefined
  /** The caller's IP: counted against CHECKOUT_LIMIT_PER_IP when given. */
  ip?: string | null | undefined
}

export interface CheckoutStarted {
  sessionId: string
  url: string | null
  /** One-time secret for the browser that started the session; only its hash is kept. */
  claimToken: string
}

interface Ctx {
  db: Db
  stripe: Stripe | undefined
  config: Pick<Config, 'publicUrl' | 'checkoutLimitPerIp' | 'contributionAmount'>
}

/** Stripe Checkout has no Ukrainian: Ukrainian readers get English. */
const stripeLocale = { en: 'en', uk: 'en' } as const

/**
 * A Checkout Session in subscription mode for the member of this email (created on first use) or of
 * the signed-in member. The member id travels as client_reference_id and in the subscription's
 * metadata, so the webhook and `stripe sync` find the member whatever the customer's email becomes.
 * The session is recorded with the hash of a claim token that only this caller gets.
 */
export async function startCheckout(ctx: Ctx, input: CheckoutInput): Promise<CheckoutStarted> {
  const stripe = requireStripe(ctx.stripe)
  const price = await sellablePrice(ctx.db, input.priceId)
  if (!price?.stripe_price_id) throw notFound('No such price.', 'price-not-found')
  const amount = checkAmount(ctx, price, input.amount)
  if (input.ip) await countCheckoutRequest(ctx, input.ip)
  const member = await checkoutMember(ctx.db, input)
  if (input.locale) await notePageLocale(ctx.db, member.email, input.locale)
  if (LIVE_STATUSES.includes(member.status)) {
    throw conflict(
      'membership-live',
      'This member already has a live subscription; use the billing portal to change it.',
    )
  }

  const customerId = await customerFor(ctx, stripe, member)
  const stripePriceId =
    amount === price.amount ? price.stripe_price_id : await raisePrice(ctx, stripe, price, amount)
  const session = await stripeCall(() =>
    stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customerId,
      client_reference_id: member.id,
      line_items: [{ price: stripePriceId, quantity: 1 }],
      subscription_data: { metadata: { member_id: member.id } },
      metadata: { member_id: member.id },
      success_url:
        input.successUrl ?? `${ctx.config.publicUrl}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: input.cancelUrl ?? `${ctx.config.publicUrl}/checkout/cancel`,
      ...(input.locale ? { locale: stripeLocale[input.locale] } : {}),
    }),
  )
  const claimToken = newSecret()
  await insertCheckoutSession(ctx.db, {
    id: session.id,
    memberId: member.id,
    claimHash: hashSecret(claimToken),
    ip: input.ip ?? null,
  })
  return { sessionId: session.id, url: session.url, claimToken }
}

type SellablePrice = NonNullable<Awaited<ReturnType<typeof sellablePrice>>>

/** Whether a subscription may be paid at `amount` (minor units): the price's own up to `max`. */
export const payMoreAllowed = (amount: number, price: { amount: number }, max: number): boolean =>
  Number.isInteger(amount) && amount >= price.amount && amount <= max

/** Pay what you want: at least the price, at most CONTRIBUTION_MAX_AMOUNT (400 names `body.amount`). */
function checkAmount(ctx: Ctx, price: SellablePrice, amount: number | undefined): number {
  if (amount === undefined) return price.amount
  const max = ctx.config.contributionAmount.max
  if (!payMoreAllowed(amount, price, max)) {
    throw validation(
      `The amount must be between ${price.amount} and ${max}.`,
      [{ path: 'body.amount', message: `must be between ${price.amount} and ${max}` }],
      'amount-out-of-range',
    )
  }
  return amount
}

/**
 * The Stripe price of a raised amount: a price of the tier's product at that amount and interval,
 * made once per amount (an idempotent Stripe call, then a row that finds it again), so the
 * subscription's price leads back to its tier and MRR reads what the patron pays.
 */
async function raisePrice(ctx: Ctx, stripe: Stripe, price: SellablePrice, amount: number): Promise<string> {
  const known = await raisedPrice(ctx.db, price.id, amount)
  if (known?.stripe_price_id) return known.stripe_price_id
  const product = price.stripe_product_id
  if (!product) throw notFound('No such price.', 'price-not-found')
  const created = await stripeCall(() =>
    stripe.prices.create(
      {
        product,
        currency: price.currency,
        unit_amount: amount,
        recurring: { interval: price.interval },
        metadata: { base_price_id: price.id },
      },
      { idempotencyKey: `patronage-price:${price.id}:${amount}` },
    ),
  )
  return insertRaisedPrice(ctx.db, price, amount, created.id)
}

/** The member's Stripe customer, created on first use. */
export async function customerFor(
  ctx: Pick<Ctx, 'db'>,
  stripe: Stripe,
  member: { id: string; email: string; stripe_customer_id: string | null },
): Promise<string> {
  if (member.stripe_customer_id) return member.stripe_customer_id
  const customer = await stripeCall(() =>
    stripe.customers.create(
      { email: member.email, metadata: { member_id: member.id } },
      { idempotencyKey: `patronage-member:${member.id}:customer` },
    ),
  )
  await linkCustomer(ctx.db, member.id, customer.id)
  // A concurrent first checkout of the same email may have linked its customer first: use that one.
  return (await memberCustomer(ctx.db, member.id))?.stripe_customer_id ?? customer.id
}

/** Counts the request against the IP's limit; concurrent requests of one IP queue on a lock. */
export async function countCheckoutRequest(ctx: Pick<Ctx, 'db' | 'config'>, ip: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    await lockCheckoutRequests(trx, ip)
    const recent = await recentCheckoutRequests(trx, ip)
    if (recent.count >= ctx.config.checkoutLimitPerIp)
      throw rateLimited(recent.retryAfter, undefined, 'checkout-rate-limited')
    await recordCheckoutRequest(trx, ip)
  })
}

export async function checkoutMember(db: Db, input: Pick<CheckoutInput, 'email' | 'memberId'>) {
  if (input.memberId) {
    const member = await memberForCheckout(db, input.memberId)
    if (!member) throw unauthenticated('The signed-in member no longer exists.', 'account-removed')
    if (input.email && input.email !== member.email) {
      throw validation(
        'Leave email out when signed in: the session is for the signed-in member.',
        [{ path: 'body.email', message: 'is not the signed-in member’s email' }],
        'email-with-session',
      )
    }
    return member
  }
  if (!input.email)
    throw validation(
      'Give an email, or sign in.',
      [{ path: 'body.email', message: 'is required' }],
      'email-required',
    )
  return upsertMemberByEmail(db, input.email)
}

/**
 * A signed-in member back on /checkout/success from a Checkout it started here: its subscription is
 * brought up to date now rather than when the webhook arrives, so the page's "active" is true. A
 * session id that is not this member's is ignored (the page shows nothing of it).
 */
export async function syncOwnCheckout(
  ctx: Omit<BillingContext, 'stripe'> & { stripe: Stripe | undefined },
  memberId: string,
  checkoutSessionId: string,
): Promise<string | undefined> {
  const stripe = ctx.stripe
  if (!stripe || !(await isCheckoutOf(ctx.db, checkoutSessionId, memberId))) return undefined
  const session = await stripeCall(() => stripe.checkout.sessions.retrieve(checkoutSessionId))
  if (session.client_reference_id !== memberId) return undefined
  return (await syncCheckoutSession({ ...ctx, stripe }, session))?.sync?.mailId
}

/**
 * For sign-in right after Checkout (POST /v1/auth/token with checkoutSessionId): given the session
 * the caller retrieved, links its customer to the member and syncs its subscription at once, without
 * waiting for the webhook. Returns null for a session that is not complete or names no member.
 */
export async function syncCheckoutSession(
  ctx: BillingContext,
  session: Stripe.Checkout.Session,
): Promise<{ memberId: string; sync: SyncResult | null } | null> {
  const memberId = session.client_reference_id
  if (session.status !== 'complete' || !memberId || !/^[0-9a-f-]{36}$/i.test(memberId)) return null
  const customerId = typeof session.customer === 'string' ? session.customer : (session.customer?.id ?? null)
  if (customerId) await linkCustomer(ctx.db, memberId, customerId)
  const subscriptionId =
    typeof session.subscription === 'string' ? session.subscription : (session.subscription?.id ?? null)
  const sync = subscriptionId ? await syncSubscription(ctx, subscriptionId) : null
  return { memberId, sync }
}
