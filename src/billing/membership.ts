import type { Churn, MemberStatus, SubscriptionStatus } from '../db/schema.js'
import type { MembershipState } from './history.repository.js'
import { isPaying, LIVE_STATUSES } from './statuses.js'
import type { Stripe } from './stripe-client.js'

/** Pure membership rules: Stripe subscription -> stored snapshot, member status, MRR, churn. No I/O. */

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

/** The subscription a member's status follows: a live one first, then the most recently started. */
export function currentSubscription<T extends { id: string; status: SubscriptionStatus; startDate: Date }>(
  subs: readonly T[],
): T | undefined {
  const rank = (s: T) => (LIVE_STATUSES.includes(s.status) ? 1 : 0)
  return [...subs].sort(
    (a, b) => rank(b) - rank(a) || b.startDate.getTime() - a.startDate.getTime() || (a.id < b.id ? 1 : -1),
  )[0]
}

/** When a past_due member stops being entitled. */
export function graceUntil(
  status: MemberStatus,
  firstFailedPaymentAt: Date | null,
  currentPeriodStart: Date | null,
  graceDays: number,
): Date | null {
  if (status !== 'past_due') return null
  // A missed invoice.payment_failed (e.g. after a webhook outage): the renewal that failed began the period.
  const from = firstFailedPaymentAt ?? currentPeriodStart
  return from ? new Date(from.getTime() + graceDays * 86_400_000) : null
}

/** Payment failure ends a membership involuntarily; anything else is the patron's choice. */
export function churnKind(from: MemberStatus, to: MemberStatus, cancellationReason: string | null): Churn {
  if (to === 'unpaid') return 'involuntary'
  if (
    to === 'canceled' &&
    (from === 'past_due' || from === 'unpaid' || cancellationReason === 'payment_failed')
  )
    return 'involuntary'
  return 'voluntary'
}

/**
 * Stripe's own time of a member-level change: start_date for a new subscription, ended_at/canceled_at
 * for a cancellation, otherwise the event's created (or, without an event, the period start).
 */
export function transitionTime(
  snapshot: Pick<
    SubscriptionSnapshot,
    'status' | 'startDate' | 'endedAt' | 'canceledAt' | 'currentPeriodStart'
  >,
  newSubscription: boolean,
  eventCreated: Date | null,
): Date {
  if (snapshot.status === 'canceled' || snapshot.status === 'incomplete_expired')
    return snapshot.endedAt ?? snapshot.canceledAt ?? eventCreated ?? snapshot.startDate
  if (newSubscription) return snapshot.startDate
  return eventCreated ?? snapshot.currentPeriodStart ?? snapshot.startDate
}

/** The state an ended subscription began in: a trial it never left, or a paid membership. */
export function startedState(snapshot: SubscriptionSnapshot, ended: MembershipState): MembershipState {
  const endedAt = snapshot.endedAt ?? snapshot.canceledAt
  const trialOnly = snapshot.trialEnd !== null && endedAt !== null && endedAt <= snapshot.trialEnd
  const status: MemberStatus = trialOnly ? 'trialing' : 'active'
  const { amount, interval, intervalCount, quantity } = snapshot
  return { ...ended, status, mrr: mrrOf(status, amount, interval, intervalCount, quantity) }
}
