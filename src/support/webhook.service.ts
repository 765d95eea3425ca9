import type { Stripe } from '../billing/stripe-client.js'
import { claimEvent, isEventProcessed } from '../billing/subscriptions.repository.js'
import { stripeUnavailable } from '../billing/sync.service.js'
import type { WebhookDeps, WebhookOutcome } from '../billing/webhook.service.js'
import { deliverMails } from '../mail/sender.js'
import { findPayment } from './payments.repository.js'
import { applyPaymentState, type PaymentState } from './payments.service.js'

const sessionEvents = new Set([
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
])

/** Events of one-time payments: payment-mode sessions and refunded charges (subscriptions keep theirs). */
export function isSupportEvent(event: Stripe.Event): boolean {
  if (event.type === 'charge.refunded') return true
  return sessionEvents.has(event.type) && (event.data.object as { mode?: string }).mode === 'payment'
}

const idOf = (v: unknown): string | null =>
  typeof v === 'string' ? v : v && typeof v === 'object' && 'id' in v ? String(v.id) : null

/**
 * Applies one event of a one-time payment exactly once: the event's row and every effect commit
 * together. Stripe is read first, outside the transaction; an event about a payment we did not
 * start (a subscription's charge refunded) is recorded and ignored.
 */
export async function handleSupportEvent(deps: WebhookDeps, event: Stripe.Event): Promise<WebhookOutcome> {
  const { db } = deps
  if (await isEventProcessed(db, event.id)) return 'duplicate'
  const stripe = deps.stripe!
  const payment = await paymentOfEvent(deps, stripe, event)
  const state = payment?.checkout_session_id
    ? await fetchPaymentState(stripe, payment.checkout_session_id)
    : null
  const created = new Date(event.created * 1000)
  const mailIds = await db.transaction().execute(async (trx) => {
    if (!(await claimEvent(trx, { id: event.id, type: event.type, created }))) return 'duplicate' as const
    if (!payment || !state) return null
    return applyPaymentState(trx, deps.config, payment.id, state)
  })
  if (mailIds === 'duplicate') return 'duplicate'
  if (mailIds === null) return 'ignored'
  await deliverMails(deps, mailIds)
  return 'applied'
}

async function paymentOfEvent(deps: WebhookDeps, stripe: Stripe, event: Stripe.Event) {
  const object = event.data.object as { id: string; payment_intent?: unknown }
  if (event.type !== 'charge.refunded') return findPayment(deps.db, { sessionId: object.id })
  const intentId = idOf(object.payment_intent)
  if (!intentId) return undefined
  const known = await findPayment(deps.db, { paymentIntentId: intentId })
  if (known) return known
  // A refund may arrive before the payment's own events: the intent's metadata names our payment.
  const intent = await retrieve(() => stripe.paymentIntents.retrieve(intentId))
  const id = intent?.metadata?.patronage_payment_id
  return id && /^[0-9a-f-]{36}$/i.test(id) ? findPayment(deps.db, { id }) : undefined
}

/** Reads the session, its payment intent and charge, and the intent's refunds from Stripe. */
export async function fetchPaymentState(stripe: Stripe, sessionId: string): Promise<PaymentState | null> {
  const session = await retrieve(() =>
    stripe.checkout.sessions.retrieve(sessionId, { expand: ['payment_intent.latest_charge'] }),
  )
  if (!session) return null
  const intent = typeof session.payment_intent === 'object' ? session.payment_intent : null
  const charge = intent && typeof intent.latest_charge === 'object' ? intent.latest_charge : null
  const paid = session.payment_status === 'paid' || intent?.status === 'succeeded'
  const refunds = intent && paid ? await listRefunds(stripe, intent.id) : []
  return {
    paymentIntentId: intent?.id ?? idOf(session.payment_intent),
    paid,
    failed:
      session.status === 'complete' &&
      !paid &&
      (intent?.status === 'requires_payment_method' || intent?.status === 'canceled'),
    paidAt: charge ? new Date(charge.created * 1000) : paid ? new Date(session.created * 1000) : null,
    refunds,
  }
}

async function listRefunds(stripe: Stripe, paymentIntentId: string) {
  const refunds: PaymentState['refunds'] = []
  try {
    for await (const r of stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 })) {
      if (r.status === 'succeeded' || r.status === 'pending') {
        refunds.push({ id: r.id, amount: r.amount, currency: r.currency, at: new Date(r.created * 1000) })
      }
    }
  } catch (err) {
    throw stripeUnavailable(err)
  }
  return refunds
}

async function retrieve<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call()
  } catch (err) {
    if ((err as { code?: string }).code === 'resource_missing') return null
    throw stripeUnavailable(err)
  }
}
