import type { Stripe } from '../billing/stripe-client.js'
import { type WebhookHandler, type WebhookHandlerDeps, webhookHandler } from '../billing/webhook-handler.js'
import { stripeUnavailable } from '../http/problems.js'
import { findPayment } from './payments.repository.js'
import { applyPaymentState, type PaymentState } from './payments.service.js'

const idOf = (v: unknown): string | null =>
  typeof v === 'string' ? v : v && typeof v === 'object' && 'id' in v ? String(v.id) : null

/**
 * Events of one-time payments (registered in billing/webhook-handlers.ts): payment-mode Checkout
 * sessions, completed or settled later, and refunded charges. Each re-reads the payment's whole state
 * from Stripe, so the order and repetition of events cannot matter; an event about a payment we did
 * not start (a subscription's charge refunded, a session in subscription mode) asks nothing of us.
 */
export const oneTimePaymentEvent: WebhookHandler = webhookHandler<{ paymentId: string; state: PaymentState }>(
  {
    async prepare(deps, event) {
      const payment = await paymentOfEvent(deps, event)
      const state = payment?.checkout_session_id
        ? await fetchPaymentState(deps.stripe, payment.checkout_session_id)
        : null
      return payment && state ? { paymentId: payment.id, state } : null
    },
    async apply(trx, deps, _event, { paymentId, state }) {
      const mailIds = await applyPaymentState(trx, deps.config, paymentId, state)
      return { mailIds }
    },
  },
)

async function paymentOfEvent(deps: WebhookHandlerDeps, event: Stripe.Event) {
  const object = event.data.object as { id: string; mode?: string; payment_intent?: unknown }
  if (event.type !== 'charge.refunded') {
    return object.mode === 'payment' ? findPayment(deps.db, { sessionId: object.id }) : undefined
  }
  const intentId = idOf(object.payment_intent)
  if (!intentId) return undefined
  const known = await findPayment(deps.db, { paymentIntentId: intentId })
  if (known) return known
  // A refund may arrive before the payment's own events: the intent's metadata names our payment.
  const intent = await retrieve(() => deps.stripe.paymentIntents.retrieve(intentId))
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
    throw Object.assign(stripeUnavailable(), { cause: err })
  }
  return refunds
}

async function retrieve<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call()
  } catch (err) {
    if ((err as { code?: string }).code === 'resource_missing') return null
    throw Object.assign(stripeUnavailable(), { cause: err })
  }
}
