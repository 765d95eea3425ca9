import type { Db } from '../db/connect.js'
import type { MemberStatus, Subscription } from '../db/schema.js'
import type { BillingContext, InvoiceSignal } from './billing-context.js'
import { graceUntil, type SubscriptionSnapshot } from './membership.js'
import { setFirstFailedPayment, setGraceUntil } from './subscriptions.repository.js'

/** A failed payment of the stored past_due period, learnt from an event whose fetch lost the race. */
export async function noteFailure(
  trx: Db,
  ctx: Pick<BillingContext, 'config'>,
  member: { id: string; status: MemberStatus; current_subscription_id: string | null },
  stored: Subscription,
  at: Date,
) {
  const known = stored.first_failed_payment_at
  const periodStart = stored.current_period_start
  if (stored.status !== 'past_due' || (periodStart && at < periodStart) || (known && known <= at)) return
  await setFirstFailedPayment(trx, stored.id, at)
  if (member.current_subscription_id === stored.id && member.status === 'past_due') {
    await setGraceUntil(trx, member.id, graceUntil('past_due', at, periodStart, ctx.config.gracePeriodDays))
  }
}

/**
 * graceUntil counts from the first failed payment since the subscription was last paid. Only signals
 * about the subscription's latest invoice count, so late or replayed invoice events of earlier
 * billing cycles cannot move it; once the subscription is no longer past_due the mark is cleared.
 */
export function firstFailedPayment(
  existing: Subscription | undefined,
  snapshot: SubscriptionSnapshot,
  invoice: InvoiceSignal | undefined,
): Date | null {
  if (snapshot.status !== 'past_due') return null
  const known = existing?.first_failed_payment_at ?? null
  const aboutLatest = invoice && (!snapshot.latestInvoiceId || snapshot.latestInvoiceId === invoice.invoiceId)
  if (!invoice || !aboutLatest) return known
  if (invoice.outcome === 'paid') return null
  return known && known.getTime() <= invoice.at.getTime() ? known : invoice.at
}
