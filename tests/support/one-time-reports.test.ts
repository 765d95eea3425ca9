import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SignedEvent } from '../../src/dev/stripe-simulator/billing.js'
import { startGiftFromLink } from '../../src/support/gifts.service.js'
import { uniqueEmail } from '../helpers/factories.js'
import { readOutbox } from '../helpers/outbox.js'
import { type SupportFixture, shuffled, startSupport } from './support-fixture.js'

let f: SupportFixture
const DAY = 86_400

beforeAll(async () => {
  f = await startSupport()
  // History a few weeks back, so every payment and refund lies in observed months and windows.
  f.fake.now = Math.floor(Date.now() / 1000) - 50 * DAY
})
afterAll(() => f.close())

type Obj = Record<string, any>
const all = (object: string) => [...f.fake.objects.values()].filter((o: Obj) => o.object === object)
const month = (unix: number) => new Date(unix * 1000).toISOString().slice(0, 7)

/** What Stripe's own records say: charges in, refunds out, by the time Stripe made each. */
function recompute(inWindow: (unix: number) => boolean, key: (unix: number, currency: string) => string) {
  const sums = new Map<string, { amount: number; count: number }>()
  const add = (k: string, amount: number, count: number) => {
    const s = sums.get(k) ?? { amount: 0, count: 0 }
    sums.set(k, { amount: s.amount + amount, count: s.count + count })
  }
  for (const c of all('charge')) if (inWindow(c.created)) add(key(c.created, c.currency), c.amount, 1)
  for (const r of all('refund')) if (inWindow(r.created)) add(key(r.created, r.currency), -r.amount, 0)
  return sums
}

describe('one-time money in the reports', () => {
  it('equals a recomputation from the fake’s records, after shuffled and duplicated events', async () => {
    const events: SignedEvent[] = []
    for (let i = 0; i < 10; i++) {
      const currency = i % 3 === 0 ? 'usd' : 'eur'
      const res = await f.app.api('POST', '/v1/contributions', {
        body: { email: uniqueEmail('r'), amount: 1000 + 250 * i, currency },
      })
      expect(res.status, res.text).toBe(201)
      events.push(...f.pay.pay(res.body.sessionId, { afterSeconds: 2 * DAY }).events)
      if (i % 4 === 0) events.push(...f.pay.refund(res.body.sessionId, 300, 3 * DAY))
      if (i % 5 === 1) events.push(...f.pay.refund(res.body.sessionId, undefined, 20 * DAY))
    }
    const gift = await f.app.api('POST', '/v1/gifts', {
      body: {
        purchaserEmail: uniqueEmail('b'),
        recipientEmail: uniqueEmail('g'),
        tierId: f.tier.tierId,
        months: 1,
      },
    })
    events.push(...f.pay.pay(gift.body.sessionId, { afterSeconds: DAY }).events)
    await f.send(shuffled([...events, ...events.slice(0, 7)], 7))

    const at = new Date(Math.min(f.fake.now + 1, Math.floor(Date.now() / 1000)) * 1000)
    const summary = await f.app.api('GET', `/v1/admin/reports/summary?at=${at.toISOString()}`, {
      token: f.adminToken,
    })
    expect(summary.status, summary.text).toBe(200)
    const atUnix = at.getTime() / 1000
    const expected30 = recompute(
      (t) => t > atUnix - 30 * DAY && t <= atUnix,
      (_t, c) => c,
    )
    expect(summary.body.oneTime30d).toEqual(
      [...expected30.entries()].sort().map(([currency, s]) => ({ currency, ...s })),
    )
    expect(summary.body.revenue).toEqual([])

    const from = month(atUnix - 60 * DAY)
    const monthly = await f.app.api('GET', `/v1/admin/reports/monthly?from=${from}&to=${month(atUnix)}`, {
      token: f.adminToken,
    })
    expect(monthly.status, monthly.text).toBe(200)
    const expectedMonths = recompute(
      () => true,
      (t, c) => `${month(t)} ${c}`,
    )
    const got = new Map(
      monthly.body.data.map((r: Obj) => [
        `${r.month} ${r.currency}`,
        { amount: r.oneTimeAmount, count: r.oneTimeCount },
      ]),
    )
    expect(got).toEqual(expectedMonths)
    for (const r of monthly.body.data) expect(r.mrr).toBe(0)
  })

  it('giftedMembers counts members whose only entitlement is a started gift', async () => {
    f.fake.now = Math.floor(Date.now() / 1000) - 60
    const recipientEmail = uniqueEmail('gifted')
    const gift = await f.app.api('POST', '/v1/gifts', {
      body: { purchaserEmail: uniqueEmail('b'), recipientEmail, tierId: f.tier.tierId, months: 6 },
    })
    await f.send(f.pay.pay(gift.body.sessionId).events)
    const summary = async () =>
      (await f.app.api('GET', '/v1/admin/reports/summary', { token: f.adminToken })).body
    const before = (await summary()).giftedMembers
    const token = /gift\/start\?token=([\w-]+)/.exec(
      readOutbox(f.app).find((m) => m.to.includes(recipientEmail))!.text,
    )![1]!
    await startGiftFromLink(f.app.deps, token)
    const after = await summary()
    expect(after.giftedMembers).toBe(before + 1)
    expect(after.compedMembers).toBe(0)
  })
})
