import { fromUnix } from './membership.js'
import type { Stripe } from './stripe-client.js'
import {
  applySubscription,
  claimAndApplySubscription,
  type FetchedSubscription,
  fetchSubscription,
  type InvoiceSignal,
  type SyncOptions,
  type SyncResult,
} from './sync.service.js'
import { type AfterCommit, type WebhookHandler, webhookHandler } from './webhook-handler.js'

/** What a subscription-related event asks: re-read one subscription, and what else it tells us. */
interface Plan {
  subscriptionId: string
  invoice?: InvoiceSignal
  checkout?: { memberId: string | null; customerId: string | null }
}

/** The fields we read from the objects of these events (sessions, subscriptions, invoices). */
interface EventObject {
  id: string
  mode?: string
  subscription?: unknown
  client_reference_id?: string | null
  customer?: unknown
  parent?: { subscription_details?: { subscription?: unknown } | null } | null
}

const idOf = (v: unknown): string | null =>
  typeof v === 'string'
    ? v
    : v && typeof v === 'object' && 'id' in v
      ? String((v as { id: unknown }).id)
      : null

const objectOf = (event: Stripe.Event) => event.data.object as unknown as EventObject

/**
 * Every event about a subscription becomes a re-read of that subscription from Stripe, stored by
 * the one upsert path (`applySubscription`): the order events arrive in cannot matter.
 */
function resyncing(planOf: (event: Stripe.Event) => Plan | null) {
  return webhookHandler<Plan & { found: FetchedSubscription }>({
    async prepare(deps, event) {
      const plan = planOf(event)
      const found = plan ? await fetchSubscription(deps.stripe, plan.subscriptionId) : null
      return plan && found ? { ...plan, found } : null
    },
    async apply(trx, deps, event, prepared) {
      return afterCommit(await applySubscription(trx, deps, prepared.found, syncOptions(event, prepared)))
    },
    async claimAndApply(db, deps, event, prepared) {
      const claim = { id: event.id, type: event.type, created: eventCreated(event) }
      const result = await claimAndApplySubscription(
        db,
        deps,
        prepared.found,
        claim,
        syncOptions(event, prepared),
      )
      return result === 'duplicate' ? result : afterCommit(result)
    },
  })
}

const eventCreated = (event: Stripe.Event) => fromUnix(event.created) ?? new Date(0)

function syncOptions(event: Stripe.Event, { checkout, invoice }: Plan): SyncOptions {
  const { memberId, customerId } = checkout ?? {}
  const link =
    memberId && customerId && /^[0-9a-f-]{36}$/i.test(memberId) ? { memberId, customerId } : undefined
  return { eventId: event.id, eventCreated: eventCreated(event), invoice, link }
}

function afterCommit(result: SyncResult): AfterCommit {
  if (!result.transition) return {}
  return {
    mailIds: [result.mailId],
    log: { msg: 'membership status changed', fields: { memberId: result.memberId, ...result.transition } },
  }
}

/** customer.subscription.*: the event's object is the subscription. */
export const subscriptionChanged: WebhookHandler = resyncing((event) => ({
  subscriptionId: objectOf(event).id,
}))

/** A Checkout session in subscription mode: the subscription, and which member started it. */
export const subscriptionCheckoutCompleted: WebhookHandler = resyncing((event) => {
  const object = objectOf(event)
  const subscriptionId = idOf(object.subscription)
  if (object.mode !== 'subscription' || !subscriptionId) return null
  return {
    subscriptionId,
    checkout: { memberId: object.client_reference_id ?? null, customerId: idOf(object.customer) },
  }
})

/** invoice.paid / invoice.payment_failed of a subscription: the subscription, and when it was paid or failed. */
export const subscriptionInvoice: WebhookHandler = resyncing((event) => {
  const object = objectOf(event)
  const subscriptionId = idOf(object.parent?.subscription_details?.subscription)
  if (!subscriptionId) return null
  return {
    subscriptionId,
    invoice: {
      invoiceId: object.id,
      outcome: event.type === 'invoice.paid' ? 'paid' : 'failed',
      at: new Date(event.created * 1000),
    },
  }
})
