import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memberRow } from '../billing/billing-fixture.js'
import { payCheckout } from '../helpers/checkout.js'
import { uniqueEmail } from '../helpers/factories.js'
import { type SupportFixture, startSupport } from './support-fixture.js'

let f: SupportFixture

beforeAll(async () => {
  f = await startSupport()
})
afterAll(() => f.close())

async function checkout(body: Record<string, unknown>) {
  return f.app.api('POST', '/v1/checkout', { body: { email: uniqueEmail('more'), ...body } })
}

const priceCreations = () =>
  f.fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/prices').length

describe('pay what you want', () => {
  it('subscribes at the amount, for the tier’s product and interval; MRR and history count what the patron pays', async () => {
    const res = await checkout({ priceId: f.tier.monthPriceId, amount: 800 })
    expect(res.status, res.text).toBe(201)
    const session = f.fake.get(res.body.sessionId)
    const price = f.fake.get(session.line_items[0].price, 'price')
    expect(price).toMatchObject({
      unit_amount: 800,
      product: f.tier.month.product,
      recurring: { interval: 'month' },
    })
    const paid = payCheckout(f.fake, res.body.sessionId)
    await f.send(paid.events)
    const member = await memberRow(f.app.db, session.client_reference_id)
    expect(member).toMatchObject({ status: 'active', tier_id: f.tier.tierId, mrr: 800, currency: 'eur' })
    const history = await f.app.db
      .selectFrom('membership_history')
      .select('to_mrr')
      .where('member_id', '=', session.client_reference_id)
      .execute()
    expect(history.map((h) => h.to_mrr)).toEqual([800])
    // At the fake's clock, which each Stripe step moves a second ahead of the wall clock.
    const at = new Date((f.fake.now + 1) * 1000).toISOString()
    const summary = await f.app.api('GET', `/v1/admin/reports/summary?at=${at}`, { token: f.adminToken })
    expect(summary.body.revenue).toEqual([{ currency: 'eur', mrr: 800, arpu: 800 }])
    expect(summary.body.byTier[0]).toMatchObject({ tierId: f.tier.tierId, activePatrons: 1 })
  })

  it('a yearly amount counts a twelfth per month; the same amount reuses its price', async () => {
    const first = await checkout({ priceId: f.tier.yearPriceId, amount: 6000 })
    expect(first.status).toBe(201)
    const created = priceCreations()
    const second = await checkout({ priceId: f.tier.yearPriceId, amount: 6000 })
    expect(second.status).toBe(201)
    expect(priceCreations()).toBe(created)
    expect(f.fake.get(second.body.sessionId).line_items[0].price).toBe(
      f.fake.get(first.body.sessionId).line_items[0].price,
    )
    await f.send(payCheckout(f.fake, first.body.sessionId).events)
    const member = await memberRow(f.app.db, f.fake.get(first.body.sessionId).client_reference_id)
    expect(member.mrr).toBe(500)
    // The raised price is never listed or sold itself.
    const tiers = await f.app.api('GET', '/v1/tiers')
    expect(tiers.body.data[0].prices.map((p: { amount: number }) => p.amount).sort()).toEqual([500, 5000])
  })

  it('the price’s own amount is the usual Checkout', async () => {
    const res = await checkout({ priceId: f.tier.monthPriceId, amount: 500 })
    expect(f.fake.get(res.body.sessionId).line_items[0].price).toBe(f.tier.month.id)
  })

  it('below the price, above CONTRIBUTION_MAX_AMOUNT or fractional: 400 naming body.amount, no Stripe call', async () => {
    const before = f.fake.requests.length
    for (const amount of [499, 0, -800, 800.5, 1_000_001]) {
      const res = await checkout({ priceId: f.tier.monthPriceId, amount })
      expect(res.status, String(amount)).toBe(400)
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('body.amount')
    }
    expect(f.fake.requests.length).toBe(before)
  })
})
