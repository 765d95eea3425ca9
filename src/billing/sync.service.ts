import type { Db } from '../db/connect.js'
import type { MemberStatus, Subscription } from '../db/schema.js'
import { inTransaction } from '../db/transaction.js'
import { stripeUnavailable } from '../http/problems.js'
import { emailOrNull } from '../http/schemas.js'
import type { BillingContext, InvoiceSignal } from './billing-context.js'
import { firstFailedPayment, noteFailure } from './failed-payments.service.js'
import { type MembershipState, recordTransition } from './history.repository.js'
import {
  churnKind,
  currentSubscription,
  graceUntil,
  type SubscriptionSnapshot,
  snapshotOf,
  startedState,
  transitionTime,
} from './membership.js'
import { enqueueMembershipMail } from './notifications.js'
import type { Stripe } from './stripe-client.js'
import {
  findMemberId,
  lockMember,
  lockSubscriptionOwner,
  lockSubscriptionWithPrice,
  type SubscriptionFields,
  storeSubscription,
  updateMemberState,
  upsertMemberByEmail,
} from './subscriptions.repository.js'

export type { BillingContext, InvoiceSignal } from './billing-context.js'

/** A subscription as Stripe answered it, and when we asked (our freshness mark for the stored copy). */
export interface FetchedSubscription {
  snapshot: SubscriptionSnapshot
  customerEmail: string | null
  fetchedAt: Date
}

export interface SyncOptions {
  eventId?: string
  eventCreated?: Date
  invoice?: InvoiceSignal
}

export interface SyncResult {
  memberId: string | null
  subscriptionChanged: boolean
  transition: { from: MemberStatus; to: MemberStatus; at: Date } | null
  /** The outbox row of the mail this change wrote, to send once the transaction commits. */
  mailId?: string | undefined
}

/** Reads a subscription (with its customer) from Stripe, the source of truth. */
export async function fetchSubscription(
  stripe: Stripe,
  subscriptionId: string,
): Promise<FetchedSubscription | null> {
  const fetchedAt = new Date()
  try {
    const sub = await stripe.subscriptions.retrieve(subscriptionId, { expand: ['customer'] })
    return fetched(sub, fetchedAt)
  } catch (err) {
    if ((err as { code?: string }).code === 'resource_missing') return null
    throw Object.assign(stripeUnavailable(), { cause: err })
  }
}

export function fetched(sub: Stripe.Subscription, fetchedAt: Date): FetchedSubscription {
  const customer = sub.customer
  const customerEmail =
    typeof customer === 'object' && customer !== null && !('deleted' in customer && customer.deleted)
      ? ((customer as Stripe.Customer).email ?? null)
      : null
  return { snapshot: snapshotOf(sub), customerEmail: emailOrNull(customerEmail), fetchedAt }
}

/**
 * THE upsert path of a Stripe subscription (webhooks, `stripe sync`, sign-in after Checkout): fetch it
 * from Stripe, then store it and the member's derived state in one transaction.
 */
export async function syncSubscription(
  ctx: BillingContext,
  subscriptionId: string,
  options: SyncOptions = {},
): Promise<SyncResult | null> {
  const found = await fetchSubscription(ctx.stripe, subscriptionId)
  if (!found) return null
  return inTransaction(ctx.db, (trx) => applySubscription(trx, ctx, found, options))
}

/**
 * Stores a fetched subscription under the member's row lock. An older fetch never overwrites a newer
 * one, so the order in which events arrive cannot matter: every event re-reads Stripe's current state.
 */
export async function applySubscription(
  trx: Db,
  ctx: Pick<BillingContext, 'config'>,
  { snapshot, customerEmail, fetchedAt }: FetchedSubscription,
  options: SyncOptions = {},
): Promise<SyncResult> {
  // A stored subscription keeps its member; otherwise metadata, customer, then email decide.
  // The usual case, a subscription we know, locks its owner in one round trip.
  let member = await lockSubscriptionOwner(trx, snapshot.id)
  if (!member) {
    let foundId = await findMemberId(trx, {
      id: snapshot.memberIdHint,
      customerId: snapshot.customerId,
      email: customerEmail,
    })
    if (!foundId && customerEmail) foundId = (await upsertMemberByEmail(trx, customerEmail)).id
    if (foundId) member = await lockMember(trx, foundId)
  }
  if (!member) return { memberId: null, subscriptionChanged: false, transition: null }
  const memberId = member.id

  const { existing, price } = await lockSubscriptionWithPrice(trx, snapshot.id, snapshot.stripePriceId)
  if (existing && existing.stripe_synced_at.getTime() > fetchedAt.getTime()) {
    // A newer copy is stored already; only the failure time this event reports still counts.
    if (options.invoice?.outcome === 'failed')
      await noteFailure(trx, ctx, member, existing, options.invoice.at)
    return { memberId, subscriptionChanged: false, transition: null }
  }

  const row: SubscriptionFields = {
    member_id: existing?.member_id ?? memberId,
    stripe_customer_id: snapshot.customerId,
    status: snapshot.status,
    price_id: price?.id ?? null,
    tier_id: price?.tier_id ?? null,
    stripe_price_id: snapshot.stripePriceId,
    interval: snapshot.interval,
    interval_count: snapshot.intervalCount,
    amount: snapshot.amount,
    quantity: snapshot.quantity,
    currency: snapshot.currency,
    mrr: snapshot.mrr,
    start_date: snapshot.startDate,
    current_period_start: snapshot.currentPeriodStart,
    current_period_end: snapshot.currentPeriodEnd,
    cancel_at_period_end: snapshot.cancelAtPeriodEnd,
    canceled_at: snapshot.canceledAt,
    ended_at: snapshot.endedAt,
    cancellation_reason: snapshot.cancellationReason,
    trial_end: snapshot.trialEnd,
    first_failed_payment_at: firstFailedPayment(existing, snapshot, options.invoice),
    stripe_synced_at: fetchedAt,
  }
  const subscriptionChanged = !existing || differs(existing, row)
  const stored = await storeSubscription(
    trx,
    memberId,
    !existing
      ? { kind: 'insert', values: { id: snapshot.id, ...row } }
      : subscriptionChanged
        ? { kind: 'update', id: snapshot.id, values: row }
        : { kind: 'touch', id: snapshot.id, at: fetchedAt },
  )

  const subs = stored.map((s) => ({
    ...s,
    startDate: s.start_date,
    endedAt: s.ended_at,
    canceledAt: s.canceled_at,
    currentPeriodStart: s.current_period_start,
  }))
  const current = currentSubscription(subs)
  const to = {
    status: (current?.status ?? 'none') as MemberStatus,
    tierId: current?.tier_id ?? null,
    currency: current?.currency ?? null,
    mrr: current?.mrr ?? 0,
  }
  let from: MembershipState = {
    status: member.status,
    tierId: member.tier_id,
    currency: member.currency,
    mrr: member.mrr,
  }
  if (!existing && current?.id === snapshot.id && (to.status === 'canceled' || to.status === 'unpaid')) {
    // First seen already ended (a back-fill, or its creation event is still on its way): its start
    // is history too, so every order of events and `stripe sync` record the same start and end.
    const started = startedState(snapshot, to)
    await recordTransition(trx, {
      memberId,
      subscriptionId: snapshot.id,
      at: snapshot.startDate,
      from,
      to: started,
      stripeEventId: options.eventId ?? null,
    })
    from = started
  }
  const grace = current
    ? graceUntil(
        to.status,
        current.first_failed_payment_at,
        current.current_period_start,
        ctx.config.gracePeriodDays,
      )
    : null
  const moved =
    from.status !== to.status ||
    from.tierId !== to.tierId ||
    from.currency !== to.currency ||
    from.mrr !== to.mrr

  let transition: SyncResult['transition'] = null
  if (moved && current) {
    const isNew = member.current_subscription_id !== current.id
    const at = transitionTime(current, isNew, options.eventCreated ?? null)
    await recordTransition(trx, {
      memberId,
      subscriptionId: current.id,
      at,
      from,
      to,
      churn: churnKind(from.status, to.status, current.cancellation_reason),
      stripeEventId: options.eventId ?? null,
    })
    transition = { from: from.status, to: to.status, at }
  }
  const mailId = transition ? await enqueueMembershipMail(trx, member, current!.id, transition) : undefined
  const customerId = member.stripe_customer_id ?? snapshot.customerId
  if (
    moved ||
    member.current_subscription_id !== (current?.id ?? null) ||
    member.grace_until?.getTime() !== grace?.getTime() ||
    member.stripe_customer_id !== customerId
  ) {
    await updateMemberState(trx, memberId, {
      status: to.status,
      tier_id: to.tierId,
      currency: to.currency,
      mrr: to.mrr,
      grace_until: grace,
      current_subscription_id: current?.id ?? null,
      stripe_customer_id: customerId,
    })
  }
  return { memberId, subscriptionChanged, transition, mailId }
}

const compared = [
  'status',
  'price_id',
  'tier_id',
  'stripe_price_id',
  'interval',
  'interval_count',
  'amount',
  'quantity',
  'currency',
  'mrr',
  'start_date',
  'current_period_start',
  'current_period_end',
  'cancel_at_period_end',
  'canceled_at',
  'ended_at',
  'cancellation_reason',
  'trial_end',
  'first_failed_payment_at',
  'member_id',
] as const

function differs(existing: Subscription, row: SubscriptionFields): boolean {
  const norm = (v: unknown) => (v instanceof Date ? v.getTime() : (v ?? null))
  return compared.some((k) => norm(existing[k]) !== norm(row[k]))
}
