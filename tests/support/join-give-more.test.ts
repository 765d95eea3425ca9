import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingFixture, seedTier, startBilling } from '../billing/billing-fixture.js'
import { createMember, uniqueEmail } from '../helpers/factories.js'
import { readOutbox } from '../helpers/outbox.js'
import { FormClient } from '../web/form-client.js'
import { signedInClient } from '../web/harness.js'

/**
 * "I'd like to give more" on /join, through the join by mail: the amount rides with the mailed link
 * and is checked again when the link is used; a signed-in patron goes to Checkout at it at once.
 * Stripe's side is read from the fake: the session's price is a price of the tier at that amount.
 */

let billing: BillingFixture
let priceId: string

beforeAll(async () => {
  billing = await startBilling({
    LOGIN_LIMIT_PER_EMAIL: '50',
    LOGIN_LIMIT_PER_IP: '1000',
    CONTRIBUTION_MAX_AMOUNT: '100000',
  })
  priceId = (await seedTier(billing.app.db, billing.sim)).monthPriceId // 5.00 eur a month
})
afterAll(() => billing?.close())

const mailsTo = (email: string) => readOutbox(billing.app).filter((m) => m.to.includes(email))
const sessionsSince = (n: number) =>
  billing.fake.requests.slice(n).filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions')
/** The amount a Checkout Session's line will charge, by the fake's own record of its price. */
const unitAmountOf = (session: { body: Record<string, any> }) => {
  const line = Object.values(session.body.line_items as Record<string, { price: string }>)[0]!
  return billing.fake.get(line.price, 'price').unit_amount as number
}

async function linkFor(email: string, amount: string) {
  const browser = new FormClient(billing.app.url)
  await browser.get(`/join?price=${priceId}`)
  const res = await browser.post('/join', { email, price: priceId, amount })
  expect(res.status).toBe(303)
  const url = /https?:\/\/\S+\/join\/continue\?\S+/.exec(mailsTo(email).at(-1)!.text)![0]
  return new URL(url)
}

describe('giving more on /join', () => {
  it('a reader not signed in: the mailed link continues to Checkout at that amount', async () => {
    const email = uniqueEmail('more')
    const link = await linkFor(email, '12.50')
    expect(link.searchParams.get('amount')).toBe('1250')
    const browser = new FormClient(billing.app.url)
    const shown = await browser.get(link.pathname + link.search)
    expect(shown.status).toBe(200)
    expect(shown.text).toContain('€12.50')
    expect(shown.text).toContain('name="amount" value="1250"')
    const before = billing.fake.requests.length
    const res = await browser.post('/join/continue', {
      token: link.searchParams.get('token')!,
      price: priceId,
      amount: '1250',
    })
    expect(res.status).toBe(303)
    expect(res.location).toMatch(/\/c\/pay\/cs_/)
    const [session] = sessionsSince(before)
    expect(unitAmountOf(session!)).toBe(1250)
  })

  it('an empty field is the price’s own amount, and the link carries none', async () => {
    const email = uniqueEmail('own')
    const link = await linkFor(email, '')
    expect(link.searchParams.has('amount')).toBe(false)
    const browser = new FormClient(billing.app.url)
    await browser.get(link.pathname + link.search)
    const before = billing.fake.requests.length
    await browser.post('/join/continue', { token: link.searchParams.get('token')!, price: priceId })
    expect(unitAmountOf(sessionsSince(before)[0]!)).toBe(500)
  })

  it('a link whose amount was edited below the price or above the maximum starts nothing', async () => {
    const email = uniqueEmail('edited')
    const link = await linkFor(email, '9')
    const token = link.searchParams.get('token')!
    for (const amount of ['499', '100001', '12.5', '-800', 'abc']) {
      const browser = new FormClient(billing.app.url)
      const edited = new URL(link)
      edited.searchParams.set('amount', amount)
      expect((await browser.get(edited.pathname + edited.search)).status, amount).toBe(400)
      await browser.get('/login') // a page with the form token, as the refused page's form has none
      const before = billing.fake.requests.length
      const res = await browser.post('/join/continue', { token, price: priceId, amount })
      expect(res.status, amount).toBe(400)
      expect(billing.fake.requests.length, amount).toBe(before)
    }
    // The link was not used up by the refused tries.
    const browser = new FormClient(billing.app.url)
    await browser.get(link.pathname + link.search)
    const res = await browser.post('/join/continue', { token, price: priceId, amount: '900' })
    expect(res.status).toBe(303)
  })

  it('refuses amounts below the price or unreadable next to the field, and mails nothing', async () => {
    for (const amount of ['4.99', '0', '-5', '5.555', 'ten', '1000.01']) {
      const email = uniqueEmail('bad')
      const browser = new FormClient(billing.app.url)
      await browser.get(`/join?price=${priceId}`)
      const res = await browser.post('/join', { email, price: priceId, amount })
      expect(res.status, amount).toBe(400)
      expect(res.text, amount).toContain('field-amount-error')
      expect(res.text, amount).toContain(`value="${amount}"`)
      expect(mailsTo(email), amount).toEqual([])
    }
  })

  it('a signed-in patron goes straight to Checkout at that amount', async () => {
    const member = await createMember(billing.app.db)
    const browser = await signedInClient(billing.app, member.email)
    const form = await browser.get(`/join?price=${priceId}`)
    expect(form.text).toContain('name="amount"')
    const before = billing.fake.requests.length
    const refused = await browser.post('/join', { price: priceId, amount: '4' })
    expect(refused.status).toBe(400)
    expect(sessionsSince(before)).toEqual([])
    const res = await browser.post('/join', { price: priceId, amount: '20' })
    expect(res.status).toBe(303)
    expect(res.location).toMatch(/\/c\/pay\/cs_/)
    expect(unitAmountOf(sessionsSince(before)[0]!)).toBe(2000)
  })
})
