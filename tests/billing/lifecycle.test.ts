import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isEntitled } from '../../src/billing/entitlement.js'
import type { SignedEvent } from '../../src/dev/stripe-simulator/billing.js'
import { deliver } from '../helpers/stripe-events.js'
import {
  type BillingFixture,
  historyOf,
  memberRow,
  seedMember,
  seedTier,
  startBilling,
  unix,
} from './billing-fixture.js'

let f: BillingFixture
let tier: Awaited<ReturnType<typeof seedTier>>
const DAY = 86_400

beforeAll(async () => {
  f = await startBilling()
  tier = await seedTier(f.app.db, f.sim)
})
afterAll(() => f.close())

async function send(events: SignedEvent[]) {
  for (const e of events) {
    const res = await deliver(f.app.url, e)
    expect(res.status, `${e.type}: ${res.text}`).toBe(200)
    expect(res.body).toEqual({ received: true })
  }
}

async function subscribed(price = tier.month) {
  const { member, customer } = await seedMember(f.app.db, f.sim)
  const checkout = f.sim.checkout(member.id, customer, price)
  await send(checkout.events)
  return { member, sub: checkout.sub }
}

describe('subscription lifecycles through webhooks', () => {
  it('new -> active: status, tier, MRR and one history entry dated by start_date', async () => {
    const { member, sub } = await subscribed()
    const row = await memberRow(f.app.db, member.id)
    expect(row).toMatchObject({
      status: 'active',
      tier_id: tier.tierId,
      currency: 'eur',
      mrr: 500,
      grace_until: null,
    })
    expect(row.current_subscription_id).toBe(sub.id)
    const history = await historyOf(f.app.db, member.id)
    expect(history).toHaveLength(1)
    expect(history[0]).toMatchObject({
      from_status: 'none',
      to_status: 'active',
      to_mrr: 500,
      new_patron: true,
    })
    expect(unix(history[0]!.at)).toBe(sub.start_date)
    expect(await isEntitled(f.app.db, member.id)).toBe(true)
  })

  it('renewal moves the period and records no transition', async () => {
    const { member, sub } = await subscribed()
    await send(f.sim.renew(sub))
    const stored = await f.app.db
      .selectFrom('subscriptions')
      .select(['current_period_end', 'status'])
      .where('id', '=', sub.id)
      .executeTakeFirstOrThrow()
    expect(unix(stored.current_period_end)).toBe(sub.items.data[0].current_period_end)
    expect(await historyOf(f.app.db, member.id)).toHaveLength(1)
  })

  it('failed payment -> past_due within grace (entitled) -> recovered', async () => {
    const { member, sub } = await subscribed()
    const failed = f.sim.failRenewal(sub)
    await send(failed)
    let row = await memberRow(f.app.db, member.id)
    expect(row.status).toBe('past_due')
    expect(unix(row.grace_until)).toBe(failed[0]!.created + 7 * DAY)
    expect(await isEntitled(f.app.db, member.id)).toBe(true)

    // A second failed retry does not move the grace period.
    await send(f.sim.failRetry(sub))
    row = await memberRow(f.app.db, member.id)
    expect(unix(row.grace_until)).toBe(failed[0]!.created + 7 * DAY)

    await send(f.sim.recover(sub))
    row = await memberRow(f.app.db, member.id)
    expect(row).toMatchObject({ status: 'active', grace_until: null, mrr: 500 })
    const history = await historyOf(f.app.db, member.id)
    expect(history.map((h) => `${h.from_status}->${h.to_status}`)).toEqual([
      'none->active',
      'active->past_due',
      'past_due->active',
    ])
    expect(history[1]).toMatchObject({ from_mrr: 500, to_mrr: 500, churn: null })
  })

  it('past_due after the grace period is not entitled; -> unpaid is involuntary churn', async () => {
    f.sim.fake.now = Math.floor(Date.now() / 1000) - 60 * DAY
    const { member, sub } = await subscribed()
    await send(f.sim.failRenewal(sub)) // 30 days after start: still 30 days ago
    expect((await memberRow(f.app.db, member.id)).status).toBe('past_due')
    expect(await isEntitled(f.app.db, member.id)).toBe(false)

    await send(f.sim.markUnpaid(sub))
    f.sim.fake.now = Math.floor(Date.now() / 1000)
    const row = await memberRow(f.app.db, member.id)
    expect(row).toMatchObject({ status: 'unpaid', mrr: 0, grace_until: null })
    expect(await isEntitled(f.app.db, member.id)).toBe(false)
    const last = (await historyOf(f.app.db, member.id)).at(-1)!
    expect(last).toMatchObject({
      from_status: 'past_due',
      to_status: 'unpaid',
      churn: 'involuntary',
      to_mrr: 0,
    })
  })

  it('cancel at period end keeps the patron active until the period ends (voluntary churn at ended_at)', async () => {
    const { member, sub } = await subscribed()
    await send(f.sim.cancelAtPeriodEnd(sub))
    expect((await memberRow(f.app.db, member.id)).status).toBe('active')
    const stored = await f.app.db
      .selectFrom('subscriptions')
      .select(['cancel_at_period_end'])
      .where('id', '=', sub.id)
      .executeTakeFirstOrThrow()
    expect(stored.cancel_at_period_end).toBe(true)
    expect(await historyOf(f.app.db, member.id)).toHaveLength(1)

    await send(f.sim.end(sub, { atPeriodEnd: true }))
    expect(await memberRow(f.app.db, member.id)).toMatchObject({ status: 'canceled', mrr: 0 })
    const last = (await historyOf(f.app.db, member.id)).at(-1)!
    expect(last).toMatchObject({ from_status: 'active', to_status: 'canceled', churn: 'voluntary' })
    expect(unix(last.at)).toBe(sub.ended_at)
  })

  it('immediate cancel after a failed payment is involuntary churn', async () => {
    const { member, sub } = await subscribed()
    await send(f.sim.failRenewal(sub))
    await send(f.sim.end(sub, { reason: 'payment_failed' }))
    const last = (await historyOf(f.app.db, member.id)).at(-1)!
    expect(last).toMatchObject({ from_status: 'past_due', to_status: 'canceled', churn: 'involuntary' })
    expect(await isEntitled(f.app.db, member.id)).toBe(false)
  })

  it('resubscribing after a cancel makes the member active again on the new subscription', async () => {
    const { member, sub } = await subscribed()
    await send(f.sim.end(sub))
    const customer = f.sim.fake.get(sub.customer)
    const again = f.sim.checkout(member.id, customer, tier.year)
    await send(again.events)
    const row = await memberRow(f.app.db, member.id)
    expect(row).toMatchObject({ status: 'active', current_subscription_id: again.sub.id, mrr: 417 })
    const history = await historyOf(f.app.db, member.id)
    expect(history.map((h) => `${h.from_status}->${h.to_status}:${h.new_patron}`)).toEqual([
      'none->active:true',
      'active->canceled:false',
      'canceled->active:true',
    ])
    expect(unix(history[2]!.at)).toBe(again.sub.start_date)
  })

  it('trialing is entitled with no MRR; the first payment makes a new paying patron', async () => {
    const { member, customer } = await seedMember(f.app.db, f.sim)
    const checkout = f.sim.checkout(member.id, customer, tier.month, { trialDays: 14 })
    await send(checkout.events)
    expect(await memberRow(f.app.db, member.id)).toMatchObject({ status: 'trialing', mrr: 0 })
    expect(await isEntitled(f.app.db, member.id)).toBe(true)
    const ended = f.sim.endTrial(checkout.sub)
    await send(ended)
    expect(await memberRow(f.app.db, member.id)).toMatchObject({ status: 'active', mrr: 500 })
    const last = (await historyOf(f.app.db, member.id)).at(-1)!
    expect(last).toMatchObject({
      from_status: 'trialing',
      to_status: 'active',
      to_mrr: 500,
      new_patron: true,
    })
    expect(unix(last.at)).toBe(ended[0]!.created)
  })

  it('paused is not entitled and counts no MRR; resumed is active again', async () => {
    const { member, sub } = await subscribed()
    await send(f.sim.pause(sub))
    expect(await memberRow(f.app.db, member.id)).toMatchObject({ status: 'paused', mrr: 0 })
    expect(await isEntitled(f.app.db, member.id)).toBe(false)
    await send(f.sim.resume(sub))
    expect(await memberRow(f.app.db, member.id)).toMatchObject({ status: 'active', mrr: 500 })
    expect((await historyOf(f.app.db, member.id)).map((h) => h.to_status)).toEqual([
      'active',
      'paused',
      'active',
    ])
  })

  it('monthly -> yearly is a transition with unchanged status and a new MRR (half-up yearly / 12)', async () => {
    const { member, sub } = await subscribed()
    await send(f.sim.changePrice(sub, tier.year))
    const row = await memberRow(f.app.db, member.id)
    expect(row).toMatchObject({ status: 'active', mrr: 417, tier_id: tier.tierId })
    const last = (await historyOf(f.app.db, member.id)).at(-1)!
    expect(last).toMatchObject({ from_status: 'active', to_status: 'active', from_mrr: 500, to_mrr: 417 })
  })
})

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items]
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  )
}

describe('order cannot matter', () => {
  it('every ordering of sign-up + cancel-at-period-end ends in Stripe’s current state', async () => {
    const outcomes = new Set<string>()
    for (const order of permutations([0, 1, 2, 3])) {
      const { member, customer } = await seedMember(f.app.db, f.sim)
      const checkout = f.sim.checkout(member.id, customer, tier.month)
      const events = [...checkout.events, ...f.sim.cancelAtPeriodEnd(checkout.sub)]
      await send(order.map((i) => events[i]!))
      const row = await memberRow(f.app.db, member.id)
      const stored = await f.app.db
        .selectFrom('subscriptions')
        .select(['status', 'cancel_at_period_end'])
        .where('id', '=', checkout.sub.id)
        .executeTakeFirstOrThrow()
      const history = await historyOf(f.app.db, member.id)
      outcomes.add(
        JSON.stringify([
          row.status,
          row.mrr,
          stored,
          history.length,
          unix(history[0]!.at) === checkout.sub.start_date,
        ]),
      )
    }
    expect([...outcomes]).toEqual([
      JSON.stringify(['active', 500, { status: 'active', cancel_at_period_end: true }, 1, true]),
    ])
  })

  it('every ordering of sign-up + immediate cancel records the same history', async () => {
    const outcomes = new Set<string>()
    for (const order of permutations([0, 1, 2, 3])) {
      const { member, customer } = await seedMember(f.app.db, f.sim)
      const checkout = f.sim.checkout(member.id, customer, tier.month)
      const events = [...checkout.events, ...f.sim.end(checkout.sub)]
      await send(order.map((i) => events[i]!))
      const history = await historyOf(f.app.db, member.id)
      const sub = checkout.sub
      outcomes.add(
        JSON.stringify(
          history.map((h) => [
            h.from_status,
            h.to_status,
            h.to_mrr,
            h.new_patron,
            h.churn,
            unix(h.at) === (h.to_status === 'canceled' ? sub.ended_at : sub.start_date),
          ]),
        ),
      )
    }
    expect([...outcomes]).toEqual([
      JSON.stringify([
        ['none', 'active', 500, true, null, true],
        ['active', 'canceled', 0, false, 'voluntary', true],
      ]),
    ])
  })

  it('every ordering of fail + recover (same created second) ends active with no grace', async () => {
    const outcomes = new Set<string>()
    for (const order of permutations([0, 1, 2, 3])) {
      const { member, sub } = await subscribed()
      const failed = f.sim.failRenewal(sub)
      const recovered = f.sim.recover(sub, 0)
      const events = [...failed, ...recovered]
      expect(new Set(events.map((e) => e.created)).size).toBe(1)
      await send(order.map((i) => events[i]!))
      const row = await memberRow(f.app.db, member.id)
      const stored = await f.app.db
        .selectFrom('subscriptions')
        .select(['status', 'first_failed_payment_at'])
        .where('id', '=', sub.id)
        .executeTakeFirstOrThrow()
      outcomes.add(JSON.stringify([row.status, row.grace_until, stored]))
    }
    expect([...outcomes]).toEqual([
      JSON.stringify(['active', null, { status: 'active', first_failed_payment_at: null }]),
    ])
  })

  it('every ordering of a failed renewal ends past_due with grace from the failure', async () => {
    const outcomes = new Set<string>()
    for (const order of permutations([0, 1, 2])) {
      const { member, sub } = await subscribed()
      const events = [...f.sim.failRenewal(sub), ...f.sim.failRetry(sub)]
      await send(order.map((i) => events[i]!))
      const row = await memberRow(f.app.db, member.id)
      outcomes.add(JSON.stringify([row.status, unix(row.grace_until)! - events[0]!.created]))
    }
    expect([...outcomes]).toEqual([JSON.stringify(['past_due', 7 * DAY])])
  })
})
