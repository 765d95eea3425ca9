import type { Config } from '../config.js'
import type { Db } from '../db/connect.js'
import { invalidSignature, Problem, stripeNotConfigured } from '../http/problems.js'
import { deliverMails, type SenderDeps } from '../mail/sender.js'
import { handleSupportEvent, isSupportEvent } from '../support/webhook.service.js'
import { fromUnix } from './membership.js'
import type { Stripe } from './stripe-client.js'
import { claimEvent, isEventProcessed, linkCustomer } from './subscriptions.repository.js'
import {
  applySubscription,
  type FetchedSubscription,
  fetchSubscription,
  type InvoiceSignal,
  type SyncResult,
} from './sync.service.js'

/** Stripe's default tolerance: a signature older than this is stale. */
const SIGNATURE_TOLERANCE_SECONDS = 300

export interface WebhookDeps extends SenderDeps {
  stripe: Stripe | undefined
  config: Config
}

export type WebhookOutcome = 'applied' | 'duplicate' | 'ignored'

/** What an event asks us to do: which subscription to re-read, and what else it tells us. */
interface Plan {
  subscriptionId: string
  invoice?: InvoiceSignal
  checkout?: { memberId: string | null; customerId: string | null }
}

const subscriptionEvents = new Set([
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'customer.subscription.pending_update_applied',
  'customer.subscription.pending_update_expired',
  'customer.subscription.trial_will_end',
])

const idOf = (v: unknown): string | null =>
  typeof v === 'string'
    ? v
    : v && typeof v === 'object' && 'id' in v
      ? String((v as { id: unknown }).id)
      : null

/** The fields we read from the objects of handled events (sessions, subscriptions, invoices). */
interface EventObject {
  id: string
  mode?: string
  subscription?: unknown
  client_reference_id?: string | null
  customer?: unknown
  parent?: { subscription_details?: { subscription?: unknown } | null } | null
}

/** The type -> handler map: every handled type becomes a re-read of one subscription. */
function planFor(event: Stripe.Event): Plan | null {
  const object = event.data.object as unknown as EventObject
  const created = new Date(event.created * 1000)
  if (subscriptionEvents.has(event.type)) return { subscriptionId: object.id }
  if (event.type === 'checkout.session.completed') {
    const subscriptionId = idOf(object.subscription)
    if (object.mode !== 'subscription' || !subscriptionId) return null
    return {
      subscriptionId,
      checkout: { memberId: object.client_reference_id ?? null, customerId: idOf(object.customer) },
    }
  }
  if (event.type === 'invoice.paid' || event.type === 'invoice.payment_failed') {
    const subscriptionId = idOf(object.parent?.subscription_details?.subscription)
    if (!subscriptionId) return null
    return {
      subscriptionId,
      invoice: {
        invoiceId: object.id,
        outcome: event.type === 'invoice.paid' ? 'paid' : 'failed',
        at: created,
      },
    }
  }
  return null
}

export function verifyEvent(
  deps: WebhookDeps,
  rawBody: unknown,
  signature: string | undefined,
): Stripe.Event {
  const secret = deps.config.stripe.webhookSecret
  if (!deps.stripe) throw stripeNotConfigured()
  if (!secret)
    throw stripeNotConfigured('Set STRIPE_WEBHOOK_SECRET (the whsec_... signing secret) to accept webhooks.')
  if (!signature) throw invalidSignature('The Stripe-Signature header is missing.')
  if (!Buffer.isBuffer(rawBody) || rawBody.length === 0) throw invalidSignature('The body is empty.')
  // The SDK only rejects old signatures; one from the future is as suspect as a stale one.
  const signedAt = Number(/(?:^|,)\s*t=(\d+)/.exec(signature)?.[1])
  if (signedAt > Date.now() / 1000 + SIGNATURE_TOLERANCE_SECONDS) throw invalidSignature()
  try {
    return deps.stripe.webhooks.constructEvent(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS)
  } catch {
    throw invalidSignature()
  }
}

/**
 * Applies one verified event exactly once. The processed-event row and every effect commit together,
 * so a failure leaves nothing behind and Stripe's retry starts clean.
 */
export async function handleEvent(deps: WebhookDeps, event: Stripe.Event): Promise<WebhookOutcome> {
  if (isSupportEvent(event)) return handleSupportEvent(deps, event)
  const { db } = deps
  if (await isEventProcessed(db, event.id)) return 'duplicate'
  const created = fromUnix(event.created) ?? new Date(0)
  const plan = planFor(event)
  // Stripe first, outside the transaction: no row lock is held across a network call.
  const found: FetchedSubscription | null = plan
    ? await fetchSubscription(deps.stripe!, plan.subscriptionId)
    : null

  const result = await db.transaction().execute(async (trx) => {
    if (!(await claimEvent(trx, { id: event.id, type: event.type, created }))) return 'duplicate' as const
    if (!plan || !found) return null
    if (plan.checkout?.memberId && plan.checkout.customerId) {
      await linkCheckoutCustomer(trx, plan.checkout.memberId, plan.checkout.customerId)
    }
    return applySubscription(trx, deps, found, {
      eventId: event.id,
      eventCreated: created,
      invoice: plan.invoice,
    })
  })
  if (result === 'duplicate') return 'duplicate'
  if (result === null) return 'ignored'
  await afterCommit(deps, event, result)
  return 'applied'
}

async function linkCheckoutCustomer(trx: Db, memberId: string, customerId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(memberId)) return
  await linkCustomer(trx, memberId, customerId)
}

/** Side effects run only once the change is committed (a failed commit must not notify anyone). */
async function afterCommit(deps: WebhookDeps, event: Stripe.Event, result: SyncResult) {
  if (!result.transition) return
  deps.logger.info(
    { memberId: result.memberId, eventId: event.id, ...result.transition },
    'membership status changed',
  )
  await deliverMails(deps, [result.mailId])
}

/** Anything but a Problem we raised becomes a 500, never a 4xx, so Stripe retries the delivery. */
export function asRetryable(err: unknown): unknown {
  if (err instanceof Problem) return err
  return new Problem(500, 'internal', 'Internal server error', 'The event could not be applied; retry later.')
}
