import { randomUUID } from 'node:crypto'
import { checkoutMember, countCheckoutRequest, customerFor } from '../billing/checkout.service.js'
import { hasLiveMembership, memberForCheckout } from '../billing/index.js'
import { requireStripe, type Stripe, stripeCall } from '../billing/stripe-client.js'
import type { Config } from '../config.js'
import type { Db } from '../db/connect.js'
import type { GiftMonths, MailLocale } from '../db/schema.js'
import { inTransaction } from '../db/transaction.js'
import type { ProblemCode } from '../http/problem-codes.js'
import { conflict, validation } from '../http/problems.js'
import { insertGift, insertPayment } from './payments.repository.js'
import { supportOffer } from './support.service.js'

interface Ctx {
  db: Db
  stripe: Stripe | undefined
  config: Pick<Config, 'publicUrl' | 'checkoutLimitPerIp' | 'contributionAmount' | 'site'>
}

interface Common {
  memberId?: string | undefined
  successUrl?: string | undefined
  cancelUrl?: string | undefined
  locale?: MailLocale | undefined
  ip?: string | null | undefined
}

export interface ContributionInput extends Common {
  email?: string | undefined
  amount: number
  currency: string
  message?: string | undefined
}

export interface GiftInput extends Common {
  purchaserEmail?: string | undefined
  recipientEmail: string
  tierId: string
  months: GiftMonths
  message?: string | undefined
  sendAt?: Date | undefined
}

export interface PaymentStarted {
  sessionId: string
  url: string | null
}

const DAY_MS = 86_400_000
/** A delivery date a little in the past is a clock's skew or a slow form, not a mistake. */
const SEND_AT_SKEW_MS = 5 * 60_000

const refuse = (path: string, message: string, code: ProblemCode): never => {
  throw validation(`${path.replace('body.', '')} ${message}.`, [{ path, message }], code)
}

/** A one-time contribution: every check first (no row, no Stripe call on bad input), then Checkout. */
export async function startContribution(ctx: Ctx, input: ContributionInput): Promise<PaymentStarted> {
  const stripe = requireStripe(ctx.stripe)
  const offer = await supportOffer(ctx.db, ctx.config)
  const { minAmount, maxAmount, currencies } = offer.contributions
  if (!currencies.includes(input.currency)) refuse('body.currency', 'is not offered', 'currency-not-offered')
  if (input.amount < minAmount || input.amount > maxAmount) {
    refuse('body.amount', `must be between ${minAmount} and ${maxAmount}`, 'amount-out-of-range')
  }
  if (input.ip) await countCheckoutRequest(ctx, input.ip)
  const member = await checkoutMember(ctx.db, input)
  const label = `${ctx.config.site.name}: ${input.locale === 'uk' ? 'разовий внесок' : 'one-time contribution'}`
  return openPaymentSession(ctx, stripe, member, input, {
    kind: 'contribution',
    amount: input.amount,
    currency: input.currency,
    message: input.message ?? null,
    line: { currency: input.currency, unit_amount: input.amount, product_data: { name: label } },
  })
}

/** A gift membership: priced as offered; refused for oneself and for a recipient who is a patron. */
export async function startGift(ctx: Ctx, input: GiftInput): Promise<PaymentStarted> {
  const stripe = requireStripe(ctx.stripe)
  const offer = await supportOffer(ctx.db, ctx.config)
  const gift = offer.gifts.find((g) => g.tierId === input.tierId)
  if (!gift) refuse('body.tierId', 'is not offered as a gift', 'gift-not-offered')
  const option = gift!.options.find((o) => o.months === input.months)
  if (!option) refuse('body.months', 'is not offered for this tier', 'gift-not-offered')
  checkSendAt(input.sendAt)
  const signedIn = input.memberId ? await memberForCheckout(ctx.db, input.memberId) : undefined
  if ((signedIn?.email ?? input.purchaserEmail) === input.recipientEmail) {
    refuse('body.recipientEmail', 'must not be your own email', 'gift-to-self')
  }
  await refuseLiveRecipient(ctx.db, input.recipientEmail)
  if (input.ip) await countCheckoutRequest(ctx, input.ip)
  const purchaser = await checkoutMember(ctx.db, { email: input.purchaserEmail, memberId: input.memberId })
  const product = await tierProduct(ctx.db, input.tierId)
  return openPaymentSession(ctx, stripe, purchaser, input, {
    kind: 'gift',
    amount: option!.amount,
    currency: option!.currency,
    message: input.message ?? null,
    line: { currency: option!.currency, unit_amount: option!.amount, product },
    gift: {
      recipientEmail: input.recipientEmail,
      tierId: input.tierId,
      months: input.months,
      sendAt: input.sendAt ?? null,
    },
  })
}

function checkSendAt(sendAt: Date | undefined) {
  if (!sendAt) return
  const now = Date.now()
  if (sendAt.getTime() < now - SEND_AT_SKEW_MS)
    refuse('body.sendAt', 'must not be in the past', 'send-at-past')
  if (sendAt.getTime() > now + 365 * DAY_MS) refuse('body.sendAt', 'must be within a year', 'send-at-too-far')
}

/** 409 gift-recipient-live: a gift cannot be given to someone who pays already. */
export async function refuseLiveRecipient(db: Db, email: string): Promise<void> {
  if (await hasLiveMembership(db, email)) {
    throw conflict('gift-recipient-live', 'The recipient already has a live membership.')
  }
}

async function tierProduct(db: Db, tierId: string): Promise<string> {
  const row = await db
    .selectFrom('tiers')
    .select('stripe_product_id')
    .where('id', '=', tierId)
    .executeTakeFirst()
  return row?.stripe_product_id ?? refuse('body.tierId', 'is not offered as a gift', 'gift-not-offered')
}

interface PaymentSpec {
  kind: 'contribution' | 'gift'
  amount: number
  currency: string
  message: string | null
  /** An ad hoc price for this one payment (see the README: why price_data). */
  line: { currency: string; unit_amount: number; product?: string; product_data?: { name: string } }
  gift?: { recipientEmail: string; tierId: string; months: number; sendAt: Date | null }
}

/** The Checkout Session in payment mode, then our pending row (and gift) naming it. */
async function openPaymentSession(
  ctx: Ctx,
  stripe: Stripe,
  member: { id: string; email: string; stripe_customer_id: string | null },
  input: Common,
  spec: PaymentSpec,
): Promise<PaymentStarted> {
  const customer = await customerFor(ctx, stripe, member)
  const paymentId = randomUUID()
  const metadata = { patronage_payment_id: paymentId, kind: spec.kind, member_id: member.id }
  const back = spec.kind === 'gift' ? 'gift' : 'support'
  const session = await stripeCall(() =>
    stripe.checkout.sessions.create(
      {
        mode: 'payment',
        customer,
        client_reference_id: member.id,
        line_items: [{ price_data: spec.line, quantity: 1 }],
        payment_intent_data: { metadata },
        metadata,
        success_url: input.successUrl ?? `${ctx.config.publicUrl}/${back}?thanks=1`,
        cancel_url: input.cancelUrl ?? `${ctx.config.publicUrl}/${back}`,
      },
      { idempotencyKey: `patronage-payment:${paymentId}` },
    ),
  )
  await inTransaction(ctx.db, async (trx) => {
    await insertPayment(trx, {
      id: paymentId,
      kind: spec.kind,
      memberId: member.id,
      amount: spec.amount,
      currency: spec.currency,
      checkoutSessionId: session.id,
      locale: input.locale ?? null,
      message: spec.kind === 'contribution' ? spec.message : null,
    })
    if (spec.gift) {
      await insertGift(trx, { paymentId, purchaserId: member.id, message: spec.message, ...spec.gift })
    }
  })
  return { sessionId: session.id, url: session.url }
}
