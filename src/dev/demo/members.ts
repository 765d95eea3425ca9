import { startCheckout } from '../../billing/checkout.service.js'
import type { Deps } from '../../deps.js'
import type { StripeObject as Obj, StripeSimulator } from '../stripe-simulator/api.js'
import type { BillingSimulator, SignedEvent } from '../stripe-simulator/billing.js'
import type { WebhookSender } from '../stripe-simulator/webhooks.js'
import { DEMO_PATRON, TIER_MIX, YEARLY_SHARE } from './newsroom.js'
import { seededRandom } from './random.js'

const DAY = 86_400

/** The demo's prices: per tier, the service's price ids and the simulator's prices. */
export interface DemoPrice {
  tier: number
  interval: 'month' | 'year'
  /** The service's price id (what Checkout is started with). */
  id: string
  stripe: Obj
}

/** Out of 1,000 per renewal: cancellations, failed renewals (and of those, recoveries), plan changes. */
const CANCEL = 35
const FAIL = 45
const RECOVER = 600
const CHANGE = 20
/** Out of 1,000 of those still paying now: set to cancel at the end of the period. */
const CANCELING_NOW = 40

export interface MemberPlan {
  email: string
  joinAt: number
  price: DemoPrice
  /** A stream of its own, so one member's draws do not depend on the order members run in. */
  random: () => number
}

/** `count` members joining over the past year, more of them lately, as a growing newsroom sees. */
export function planMembers(count: number, prices: DemoPrice[], now: number): MemberPlan[] {
  const pick = seededRandom(2026)
  const priceOf = (tier: number, interval: 'month' | 'year') =>
    prices.find((p) => p.tier === tier && p.interval === interval)!
  return Array.from({ length: count }, (_, i) => {
    if (i === 0)
      return {
        email: DEMO_PATRON,
        joinAt: now - 150 * DAY,
        price: priceOf(1, 'month'),
        random: seededRandom(1),
      }
    const age = (1 - (i / count) ** 0.8) * 360 * DAY + pick() * 5 * DAY
    const roll = pick() * 100
    const tier = TIER_MIX.findIndex((limit) => roll < limit)
    const interval = pick() * 100 < YEARLY_SHARE ? 'year' : 'month'
    return {
      email: `reader${String(i).padStart(3, '0')}@ledger.example.org`,
      joinAt: Math.floor(now - Math.max(age, 2 * DAY)),
      price: priceOf(tier, interval),
      random: seededRandom(10_000 + i),
    }
  })
}

interface Run {
  deps: Deps
  fake: StripeSimulator
  sim: BillingSimulator
  sender: WebhookSender
  prices: DemoPrice[]
  now: number
}

/** Sends events in order; an event the service did not accept would leave the seeded year wrong. */
export async function deliver(sender: WebhookSender, events: SignedEvent[]): Promise<void> {
  for (const delivery of await sender.sendInOrder(events)) {
    const { status, type } = delivery
    if (status === 'unreachable' || status >= 300)
      throw new Error(`The service did not accept the seeded ${type} event (${status}).`)
  }
}

/**
 * One member's year, as it would have happened: Checkout through the service, then in Stripe's time
 * order renewals, failed payments (recovered, or ended when every retry failed), plan changes and
 * cancellations at period end. Each change's events are signed and sent to the webhook before the
 * next change, so every event the service re-reads from the simulator is the state it describes.
 */
export async function liveMember(run: Run, plan: MemberPlan): Promise<void> {
  const { fake, sim, sender } = run
  const started = await startCheckout(run.deps, { email: plan.email, priceId: plan.price.id })
  const session = fake.get(started.sessionId, 'checkout.session')
  let t = plan.joinAt
  // Stripe sends two or three events per change; each makes the service re-read the subscription,
  // so after the first the others find the state stored and change nothing. The seeded year sends
  // the first (the one that carries the change's signal: created, paid, failed, deleted...), which
  // keeps a fresh demo quick; what a person does in the demo sends all of them.
  const step = async (change: () => SignedEvent[]) => {
    fake.now = t
    const events = change()
    t = fake.now
    await deliver(sender, events.slice(0, 1))
  }
  const customer = fake.get(session.customer, 'customer')
  let sub: Obj = {}
  await step(() => {
    const paid = sim.checkout(session.client_reference_id, customer, plan.price.stripe, { session })
    sub = paid.sub
    return paid.events
  })
  const demoPatron = plan.email === DEMO_PATRON
  const roll = () => (demoPatron ? 1_000 : Math.floor(plan.random() * 1_000))
  const horizon = run.now - DAY
  let skippedRenewal: SignedEvent[] | undefined
  for (;;) {
    const periodEnd = sub.items.data[0].current_period_end
    if (periodEnd > horizon) break
    const r = roll()
    if (r < CANCEL + FAIL + CHANGE) skippedRenewal = undefined
    if (r < CANCEL) {
      t = Math.max(t, periodEnd - Math.floor(plan.random() * 20 + 2) * DAY)
      await step(() => sim.cancelAtPeriodEnd(sub, 1))
      await step(() => sim.end(sub, { atPeriodEnd: true }))
      return
    }
    if (r < CANCEL + FAIL) {
      await step(() => sim.failRenewal(sub))
      if (t + 14 * DAY > run.now) return
      if (roll() < RECOVER) {
        await step(() => sim.recover(sub, 3 * DAY))
        continue
      }
      await step(() => sim.failRetry(sub, 3 * DAY))
      await step(() => sim.end(sub, { reason: 'payment_failed', afterSeconds: 11 * DAY }))
      return
    }
    if (r < CANCEL + FAIL + CHANGE) {
      const other = run.prices.find((p) => p.interval === plan.price.interval && p.tier !== plan.price.tier)!
      await step(() => sim.changePrice(sub, other.stripe, 5 * DAY))
      continue
    }
    // A past plain renewal changes only the period dates, which the next change overwrites (every
    // event makes the service re-read the subscription): only the latest is sent, after the loop,
    // unless a change follows. It keeps a fresh demo under a minute; the simulator holds them all.
    fake.now = t
    skippedRenewal = sim.renew(sub)
    t = fake.now
  }
  if (skippedRenewal) await deliver(sender, skippedRenewal.slice(0, 1))
  if (roll() < CANCELING_NOW) {
    t = Math.max(t, run.now - 2 * DAY)
    await step(() => sim.cancelAtPeriodEnd(sub, 1))
  }
}
