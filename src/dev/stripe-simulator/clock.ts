import { createHash } from 'node:crypto'
import type { StripeSimulator } from './api.js'
import { BillingSimulator, type SignedEvent } from './billing.js'
import type { WebhookSender } from './webhooks.js'

const DAY = 86_400
const MONTH = 30 * DAY
/** Out of 100: renewals that fail, and failed ones whose retry then succeeds. */
const FAILED_RENEWALS = 10
const RECOVERIES = 50

export interface MonthSummary {
  renewed: number
  failed: number
  recovered: number
  /** Past due since the last month: the grace period is over and every retry failed. */
  lapsed: number
  /** Set to cancel at period end, and the period ended. */
  canceled: number
}

/** A stable draw in 0..99 for one subscription in one simulated month, so runs repeat. */
function draw(subscriptionId: string, month: number): number {
  return createHash('sha256').update(`${subscriptionId}:${month}`).digest().readUInt32BE(0) % 100
}

/**
 * "Advance one month": everything Stripe would do in the next 30 days happens now, dated now (the
 * service dates history by Stripe's times and reports on today, so future dates would stay
 * invisible): due renewals are charged (some fail: past_due), subscriptions past due since the last
 * month recover or end (the grace period is over), and those set to cancel at period end end. The
 * renewed periods start now. Each subscription's events are sent in order, as Stripe would.
 */
export async function advanceMonth(fake: StripeSimulator, sender?: WebhookSender): Promise<MonthSummary> {
  const month = ++fake.advances
  const now = Math.floor(Date.now() / 1000)
  const sim = new BillingSimulator(fake)
  const summary: MonthSummary = { renewed: 0, failed: 0, recovered: 0, lapsed: 0, canceled: 0 }
  const chains: SignedEvent[][] = []
  const atNow = (change: () => SignedEvent[]) => {
    fake.now = now - 1
    chains.push(change())
  }
  const subscriptions = [...fake.objects.values()].filter((o) => o.object === 'subscription')
  for (const sub of subscriptions) {
    const item = sub.items.data[0]
    if (sub.status === 'past_due') {
      const recovers = draw(sub.id, month) < RECOVERIES
      atNow(() =>
        recovers ? sim.recover(sub, 1) : sim.end(sub, { reason: 'payment_failed', afterSeconds: 1 }),
      )
      summary[recovers ? 'recovered' : 'lapsed']++
      continue
    }
    if (!['active', 'trialing'].includes(sub.status) || item.current_period_end > now + MONTH) continue
    // The period that was due within the month ends now.
    item.current_period_end = now
    if (sub.cancel_at_period_end) {
      sub.cancel_at = now
      atNow(() => sim.end(sub, { atPeriodEnd: true }))
      summary.canceled++
    } else if (draw(sub.id, month) < FAILED_RENEWALS) {
      atNow(() => sim.failRenewal(sub))
      summary.failed++
    } else {
      atNow(() => sim.renew(sub))
      summary.renewed++
    }
  }
  fake.now = Math.max(fake.now, now)
  if (sender) await sender.sendChains(chains)
  return summary
}
