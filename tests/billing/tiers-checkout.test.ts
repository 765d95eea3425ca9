import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp } from '../helpers/app.js'
import { createMember, createStaff, patronToken, staffToken, uniqueEmail } from '../helpers/factories.js'
import { deliver } from '../helpers/stripe-events.js'
import { type BillingFixture, seedMember, seedTier, startBilling } from './billing-fixture.js'

let f: BillingFixture
let admin: string
let editor: string
let analyst: string

beforeAll(async () => {
  f = await startBilling({ ALLOWED_ORIGINS: 'https://news.example, http://patronage.test' })
  admin = staffToken(f.app.deps, await createStaff(f.app.db, 'admin'))
  editor = staffToken(f.app.deps, await createStaff(f.app.db, 'editor'))
  analyst = staffToken(f.app.deps, await createStaff(f.app.db, 'analyst'))
})
afterAll(() => f.close())

const stripeCalls = (method: string, path: string) =>
  f.fake.requests.filter((r) => r.method === method && r.path === path)

describe('tiers', () => {
  it('creates a tier with Stripe Product and Prices, listed publicly without Stripe ids', async () => {
    const res = await f.app.api('POST', '/v1/admin/tiers', {
      token: editor,
      body: {
        name: 'Friend',
        description: 'Keeps us going',
        currency: 'EUR',
        monthlyAmount: 500,
        yearlyAmount: 5000,
      },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      name: 'Friend',
      active: true,
      stripeProductId: expect.stringMatching(/^prod_/),
    })
    expect(res.body.prices).toHaveLength(2)
    const product = f.fake.get(res.body.stripeProductId)
    expect(product.name).toBe('Friend')
    for (const p of res.body.prices) {
      const stripePrice = f.fake.get(p.stripePriceId, 'price')
      expect(stripePrice).toMatchObject({ product: product.id, currency: 'eur', unit_amount: p.amount })
      expect(stripePrice.recurring.interval).toBe(p.interval)
    }

    const list = await f.app.api('GET', '/v1/tiers')
    expect(list.status).toBe(200)
    const listed = list.body.data.find((t: any) => t.id === res.body.id)
    expect(listed).toEqual({
      id: res.body.id,
      name: 'Friend',
      description: 'Keeps us going',
      translations: {},
      prices: expect.arrayContaining([
        { id: expect.any(String), interval: 'month', amount: 500, currency: 'eur' },
        { id: expect.any(String), interval: 'year', amount: 5000, currency: 'eur' },
      ]),
    })
  })

  it('a retried request with the same Idempotency-Key creates nothing twice', async () => {
    const before = stripeCalls('POST', '/v1/products').length
    const send = () =>
      f.app.api('POST', '/v1/admin/tiers', {
        token: admin,
        headers: { 'idempotency-key': 'tier-retry-1' },
        body: { name: 'Patron', currency: 'eur', monthlyAmount: 1000 },
      })
    const first = await send()
    const second = await send()
    expect(first.status).toBe(201)
    expect(second.status).toBe(200)
    expect(second.body.id).toBe(first.body.id)
    expect(second.body.stripeProductId).toBe(first.body.stripeProductId)
    const products = stripeCalls('POST', '/v1/products').slice(before)
    expect(new Set(products.map((r) => r.idempotencyKey)).size).toBe(1)
    expect(products.every((r) => r.idempotencyKey)).toBe(true)
    const rows = await f.app.db.selectFrom('tiers').select('id').where('name', '=', 'Patron').execute()
    expect(rows).toHaveLength(1)
  })

  it('edits and archives a tier; archived tiers leave the public list and Stripe follows', async () => {
    const created = await f.app.api('POST', '/v1/admin/tiers', {
      token: admin,
      body: { name: 'Old', currency: 'usd', yearlyAmount: 12000 },
    })
    const renamed = await f.app.api('PATCH', `/v1/admin/tiers/${created.body.id}`, {
      token: editor,
      body: { name: 'Older', description: 'was Old' },
    })
    expect(renamed.status).toBe(200)
    expect(renamed.body).toMatchObject({ name: 'Older', description: 'was Old', active: true })
    expect(f.fake.get(created.body.stripeProductId).name).toBe('Older')

    const archived = await f.app.api('PATCH', `/v1/admin/tiers/${created.body.id}`, {
      token: editor,
      body: { active: false },
    })
    expect(archived.body.active).toBe(false)
    expect(f.fake.get(created.body.stripeProductId).active).toBe(false)
    expect(f.fake.get(created.body.prices[0].stripePriceId).active).toBe(false)
    const list = await f.app.api('GET', '/v1/tiers')
    expect(list.body.data.map((t: any) => t.id)).not.toContain(created.body.id)

    const checkout = await f.app.api('POST', '/v1/checkout', {
      body: { email: uniqueEmail(), priceId: created.body.prices[0].id },
    })
    expect(checkout.status).toBe(404)
  })

  it('rejects bad input and wrong roles with problem+json, changing nothing', async () => {
    const count = async () => (await f.app.db.selectFrom('tiers').select('id').execute()).length
    const before = await count()
    const bad = [
      {},
      { name: 'x', currency: 'eur' },
      { name: 'x', currency: 'euro', monthlyAmount: 100 },
      { name: '', currency: 'eur', monthlyAmount: 100 },
      { name: 'x'.repeat(201), currency: 'eur', monthlyAmount: 100 },
      { name: 'x', currency: 'eur', monthlyAmount: 0 },
      { name: 'x', currency: 'eur', monthlyAmount: 1.5 },
      { name: 'x', currency: 'eur', monthlyAmount: '500' },
      { name: 'x', description: 'd'.repeat(5001), currency: 'eur', monthlyAmount: 100 },
    ]
    for (const body of bad) {
      const res = await f.app.api('POST', '/v1/admin/tiers', { token: admin, body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/problem\+json/)
      expect(res.body.type).toBe('/problems/validation')
    }
    const badKey = await f.app.api('POST', '/v1/admin/tiers', {
      token: admin,
      headers: { 'idempotency-key': 'spaces are bad' },
      body: { name: 'x', currency: 'eur', monthlyAmount: 100 },
    })
    expect(badKey.status).toBe(400)
    const body = { name: 'x', currency: 'eur', monthlyAmount: 100 }
    expect((await f.app.api('POST', '/v1/admin/tiers', { body })).status).toBe(401)
    expect((await f.app.api('POST', '/v1/admin/tiers', { token: analyst, body })).status).toBe(403)
    const member = await createMember(f.app.db)
    expect(
      (await f.app.api('POST', '/v1/admin/tiers', { token: patronToken(f.app.deps, member), body })).status,
    ).toBe(403)
    expect(await count()).toBe(before)

    expect((await f.app.api('PATCH', '/v1/admin/tiers/not-a-uuid', { token: admin, body: {} })).status).toBe(
      400,
    )
    const missing = await f.app.api('PATCH', '/v1/admin/tiers/00000000-0000-4000-8000-000000000000', {
      token: admin,
      body: { name: 'y' },
    })
    expect(missing.status).toBe(404)
    expect(
      (
        await f.app.api('PATCH', '/v1/admin/tiers/00000000-0000-4000-8000-000000000000', {
          token: admin,
          body: { active: 'no' },
        })
      ).status,
    ).toBe(400)
  })

  it('answers 503 stripe-not-configured without STRIPE_SECRET_KEY', async () => {
    const bare = await startTestApp()
    try {
      const token = staffToken(bare.deps, await createStaff(bare.db, 'admin'))
      const res = await bare.api('POST', '/v1/admin/tiers', {
        token,
        body: { name: 'x', currency: 'eur', monthlyAmount: 100 },
      })
      expect(res.status).toBe(503)
      expect(res.body.type).toBe('/problems/stripe-not-configured')
      const checkout = await bare.api('POST', '/v1/checkout', {
        body: { email: uniqueEmail(), priceId: '00000000-0000-4000-8000-000000000000' },
      })
      expect(checkout.status).toBe(503)
    } finally {
      await bare.close()
    }
  })
})

describe('checkout', () => {
  it('creates the member (trimmed, lower-cased) and a subscription-mode session carrying its id', async () => {
    const tier = await seedTier(f.app.db, f.sim)
    const address = uniqueEmail('New.Reader')
    const res = await f.app.api('POST', '/v1/checkout', {
      body: {
        email: `  ${address.toUpperCase()} `,
        priceId: tier.monthPriceId,
        successUrl: 'https://news.example/thanks',
      },
    })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      sessionId: expect.stringMatching(/^cs_test_/),
      url: expect.stringMatching(/^https:/),
      claimToken: expect.stringMatching(/^[\w-]{43}$/),
    })
    const member = await f.app.db
      .selectFrom('members')
      .select(['id', 'email', 'stripe_customer_id'])
      .where('email', '=', address.toLowerCase())
      .executeTakeFirstOrThrow()
    const session = f.fake.get(res.body.sessionId)
    expect(session).toMatchObject({
      mode: 'subscription',
      client_reference_id: member.id,
      customer: member.stripe_customer_id,
      success_url: 'https://news.example/thanks',
      cancel_url: 'http://patronage.test/checkout/cancel',
      subscription_data: { metadata: { member_id: member.id } },
    })
    expect(session.line_items[0]).toMatchObject({ price: tier.month.id, quantity: '1' })
    // The session is recorded for its member with the claim's hash only.
    const recorded = await f.app.db
      .selectFrom('checkout_sessions')
      .select(['member_id', 'claim_hash'])
      .where('id', '=', res.body.sessionId)
      .executeTakeFirstOrThrow()
    expect(recorded.member_id).toBe(member.id)
    expect(recorded.claim_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(recorded.claim_hash).not.toContain(res.body.claimToken)

    // A second checkout reuses the member and its Stripe customer.
    const customersBefore = stripeCalls('POST', '/v1/customers').length
    const again = await f.app.api('POST', '/v1/checkout', {
      body: { email: address, priceId: tier.yearPriceId, locale: 'uk' },
    })
    expect(again.status).toBe(201)
    expect(again.body.claimToken).not.toBe(res.body.claimToken)
    // Stripe Checkout has no Ukrainian: the page is in English.
    expect(stripeCalls('POST', '/v1/checkout/sessions').at(-1)!.body.locale).toBe('en')
    expect(stripeCalls('POST', '/v1/customers')).toHaveLength(customersBefore)
    expect(f.fake.get(again.body.sessionId).customer).toBe(member.stripe_customer_id)
  })

  it('concurrent first checkouts of one email share one member and one customer', async () => {
    const tier = await seedTier(f.app.db, f.sim)
    const address = uniqueEmail('racer')
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        f.app.api('POST', '/v1/checkout', { body: { email: address, priceId: tier.monthPriceId } }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201])
    const members = await f.app.db
      .selectFrom('members')
      .select(['id', 'stripe_customer_id'])
      .where('email', '=', address)
      .execute()
    expect(members).toHaveLength(1)
    for (const r of results) {
      expect(f.fake.get(r.body.sessionId)).toMatchObject({
        client_reference_id: members[0]!.id,
        customer: members[0]!.stripe_customer_id,
      })
    }
  })

  it('answers 409 when the member already has a live subscription', async () => {
    const tier = await seedTier(f.app.db, f.sim)
    const { member, customer } = await seedMember(f.app.db, f.sim)
    for (const e of f.sim.checkout(member.id, customer, tier.month).events) await deliver(f.app.url, e)
    const res = await f.app.api('POST', '/v1/checkout', {
      body: { email: member.email, priceId: tier.yearPriceId },
    })
    expect(res.status).toBe(409)
    expect(res.body.type).toBe('/problems/conflict')
  })

  it('rejects bad input with 400 and unknown prices with 404, creating no member', async () => {
    const tier = await seedTier(f.app.db, f.sim)
    const address = uniqueEmail()
    const bad = [
      {},
      { email: address },
      { email: 'not-an-email', priceId: tier.monthPriceId },
      { email: `${'a'.repeat(250)}@x.io`, priceId: tier.monthPriceId },
      { email: address, priceId: 'price_123' },
      { email: address, priceId: tier.monthPriceId, successUrl: 'javascript:alert(1)' },
      { email: address, priceId: tier.monthPriceId, cancelUrl: 'not a url' },
      { email: address, priceId: tier.monthPriceId, successUrl: 'https://evil.test/thanks' },
      { email: address, priceId: tier.monthPriceId, locale: 'fr' },
    ]
    for (const body of bad) {
      const res = await f.app.api('POST', '/v1/checkout', { body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.type).toBe('/problems/validation')
    }
    const unknown = await f.app.api('POST', '/v1/checkout', {
      body: { email: address, priceId: '00000000-0000-4000-8000-000000000000' },
    })
    expect(unknown.status).toBe(404)
    const rows = await f.app.db.selectFrom('members').select('id').where('email', '=', address).execute()
    expect(rows).toHaveLength(0)
  })
})
