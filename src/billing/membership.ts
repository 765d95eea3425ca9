import type { MemberStatus, SubscriptionStatus } from '../db/schema.js'
import { isPaying } from './statuses.js'
import type { Stripe } from './stripe-client.js'

/**
 * Pure rules of a Stripe subscription: its stored snapshot and its MRR. No I/O. The member's status,
 * churn, grace and history follow in the database (`apply_subscription`, see sync.service.ts).
 */

export const SUBSCRIPTION_STATUSES: readonly SubscriptionStatus[] = [
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'unpaid',
  'canceled',
  'paused',
]

export { LIVE_STATUSES } from './statuses.js'

export type Interval = 'day' | 'week' | 'month' | 'year'

/** The fields of a Stripe subscription that we keep; times are Dates. */
export interface SubscriptionSnapshot {
  id: string
  customerId: string
  status: SubscriptionStatus
  stripePriceId: string | null
  interval: Interval | null
  intervalCount: number
  amount: number
  quantity: number
  currency: string | null
  mrr: number
  startDate: Date
  currentPeriodStart: Date | null
  currentPeriodEnd: Date | null
  cancelAtPeriodEnd: boolean
  canceledAt: Date | null
  endedAt: Date | null
  cancellationReason: string | null
  trialEnd: Date | null
  latestInvoiceId: string | null
  memberIdHint: string | null
}

export const fromUnix = (seconds: number | null | undefined): Date | null =>
  seconds === null || seconds === undefined ? null : new Date(seconds * 1000)

const idOf = (v: string | { id: string } | null | undefined): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : v.id

/** Half-up rounding of a monthly share, as Stripe Billing analytics normalise prices. */
export function monthlyAmount(amount: number, interval: Interval | null, intervalCount = 1): number {
  const count = Math.max(1, intervalCount)
  switch (interval) {
    case 'month':
      return Math.round(amount / count)
    case 'year':
      return Math.round(amount / (12 * count))
    case 'week':
      return Math.round((amount * 52) / (12 * count))
    case 'day':
      return Math.round((amount * 365) / (12 * count))
    default:
      return 0
  }
}

/** MRR counts only paying subscriptions (active, past_due); trials and the rest count 0. */
export function mrrOf(
  status: MemberStatus,
  amount: number,
  interval: Interval | null,
  intervalCount: number,
  quantity: number,
): number {
  return isPaying(status) ? monthlyAmount(amount, interval, intervalCount) * quantity : 0
}

export function snapshotOf(sub: Stripe.Subscription): SubscriptionSnapshot {
  const item = sub.items?.data?.[0]
  const price = item?.price
  const status = (SUBSCRIPTION_STATUSES as readonly string[]).includes(sub.status)
    ? (sub.status as SubscriptionStatus)
    : 'incomplete'
  const interval = (price?.recurring?.interval ?? null) as Interval | null
  const intervalCount = price?.recurring?.interval_count ?? 1
  const amount = price?.unit_amount ?? 0
  const quantity = item?.quantity ?? 1
  return {
    id: sub.id,
    customerId: idOf(sub.customer) ?? '',
    status,
    stripePriceId: price?.id ?? null,
    interval,
    intervalCount,
    amount,
    quantity,
    currency: (price?.currency ?? sub.currency ?? null)?.toLowerCase() ?? null,
    mrr: mrrOf(status, amount, interval, intervalCount, quantity),
    startDate: fromUnix(sub.start_date) ?? new Date(sub.created * 1000),
    currentPeriodStart: fromUnix(item?.current_period_start),
    currentPeriodEnd: fromUnix(item?.current_period_end),
    cancelAtPeriodEnd: sub.cancel_at_period_end === true,
    canceledAt: fromUnix(sub.canceled_at),
    endedAt: fromUnix(sub.ended_at),
    cancellationReason: sub.cancellation_details?.reason ?? null,
    trialEnd: fromUnix(sub.trial_end),
    latestInvoiceId: idOf(sub.latest_invoice as string | { id: string } | null),
    memberIdHint: sub.metadata?.member_id ?? null,
  }
}
