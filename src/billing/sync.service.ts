import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { MemberStatus } from '../db/schema.js'
import { inOneStatement } from '../db/transaction.js'
import { stripeUnavailable } from '../http/problems.js'
import { emailOrNull } from '../http/schemas.js'
import type { BillingContext, InvoiceSignal } from './billing-context.js'
import { mrrOf, type SubscriptionSnapshot, snapshotOf } from './membership.js'
import type { Stripe } from './stripe-client.js'

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
  /** A Checkout session's member and customer, linked first (when the member has no customer yet). */
  link?: { memberId: string; customerId: string }
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
 * from Stripe, then store it and the member's derived state in one statement.
 */
export async function syncSubscription(
  ctx: BillingContext,
  subscriptionId: string,
  options: SyncOptions = {},
): Promise<SyncResult | null> {
  const found = await fetchSubscription(ctx.stripe, subscriptionId)
  if (!found) return null
  return applySubscription(ctx.db, ctx, found, options)
}

/**
 * Stores a fetched subscription and the member's state (history, rollups, the mail) in one
 * statement, `apply_subscription` (migrations/2026-12-03T11-40_apply-subscription.ts), under the
 * member's row lock. An older fetch never overwrites a newer one, so the order in which events
 * arrive cannot matter: every event re-reads Stripe's current state.
 */
export async function applySubscription(
  db: Db,
  ctx: Pick<BillingContext, 'config'>,
  found: FetchedSubscription,
  options: SyncOptions = {},
): Promise<SyncResult> {
  return syncResult(await callApply(db, applyParams(ctx, found, options)))
}

/**
 * applySubscription that first claims a webhook's event in the same statement, so the event's
 * processed mark and every effect commit together without a transaction of round trips around
 * them; 'duplicate' when the event was claimed already.
 */
export async function claimAndApplySubscription(
  db: Db,
  ctx: Pick<BillingContext, 'config'>,
  found: FetchedSubscription,
  event: { id: string; type: string; created: Date },
  options: SyncOptions = {},
): Promise<SyncResult | 'duplicate'> {
  const applied = await callApply(db, { ...applyParams(ctx, found, options), claim: event })
  return applied.duplicate ? 'duplicate' : syncResult(applied)
}

interface Applied {
  duplicate?: true
  member_id: string | null
  changed: boolean
  transition: { from: MemberStatus; to: MemberStatus; at: string } | null
  mail_id: string | null
}

async function callApply(db: Db, params: Record<string, unknown>): Promise<Applied> {
  return inOneStatement(db, async (db) => {
    const { rows } = await sql<{ applied: Applied }>`
      select apply_subscription(${JSON.stringify(params)}::jsonb) as applied`.execute(db)
    return rows[0]!.applied
  })
}

function syncResult(applied: Applied): SyncResult {
  const { transition } = applied
  return {
    memberId: applied.member_id,
    subscriptionChanged: applied.changed,
    transition: transition ? { ...transition, at: new Date(transition.at) } : null,
    mailId: applied.mail_id ?? undefined,
  }
}

/** The statement's parameter: the snapshot under its column names, and what the rules need besides. */
function applyParams(
  ctx: Pick<BillingContext, 'config'>,
  { snapshot: s, customerEmail, fetchedAt }: FetchedSubscription,
  options: SyncOptions,
) {
  const { invoice, link } = options
  return {
    subscription: {
      id: s.id,
      stripe_customer_id: s.customerId,
      status: s.status,
      stripe_price_id: s.stripePriceId,
      interval: s.interval,
      interval_count: s.intervalCount,
      amount: s.amount,
      quantity: s.quantity,
      currency: s.currency,
      mrr: s.mrr,
      start_date: s.startDate,
      current_period_start: s.currentPeriodStart,
      current_period_end: s.currentPeriodEnd,
      cancel_at_period_end: s.cancelAtPeriodEnd,
      canceled_at: s.canceledAt,
      ended_at: s.endedAt,
      cancellation_reason: s.cancellationReason,
      trial_end: s.trialEnd,
      stripe_synced_at: fetchedAt,
    },
    // What it would count while paid: the MRR of an ended subscription's paid start.
    paying_mrr: mrrOf('active', s.amount, s.interval, s.intervalCount, s.quantity),
    latest_invoice_id: s.latestInvoiceId,
    member_id_hint: s.memberIdHint,
    customer_email: customerEmail,
    grace_days: ctx.config.gracePeriodDays,
    // Absent (not null) when not given: the statement asks `p -> 'invoice' is null`.
    event: options.eventId ? { id: options.eventId, created: options.eventCreated ?? null } : undefined,
    invoice: invoice ? { id: invoice.invoiceId, outcome: invoice.outcome, at: invoice.at } : undefined,
    link: link ? { member_id: link.memberId, customer_id: link.customerId } : undefined,
  }
}
