import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMember, createStaff, patronToken, staffToken, uniqueEmail } from '../helpers/factories.js'
import { type BillingFixture, seedMember, seedTier, startBilling } from './billing-fixture.js'

let f: BillingFixture
let priceId: string
beforeAll(async () => {
  f = await startBilling({ ALLOWED_ORIGINS: 'https://allowed.example' })
  priceId = (await seedTier(f.app.db, f.sim)).monthPriceId
})
afterAll(() => f.close())

const sessionsCreated = () =>
  f.fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/checkout/sessions').length

const foreign = [
  'https://evil.test/thanks',
  'https://allowed.example@evil.test/thanks',
  'https://allowed.example.evil.test/',
  'https://allowed.example:8443/thanks',
  'http://allowed.example/thanks',
  '//evil.test/thanks',
  '/thanks',
  'javascript:alert(1)',
  'javascript://allowed.example/%0Aalert(1)',
  'data:text/html,<script>alert(1)</script>',
  'https:\\\\evil.test/thanks',
  'https://allowed.example\\@evil.test/',
  'https://user:secret@allowed.example/thanks',
  ' https://allowed.example/thanks',
  'https://allowed.example/\nhttps://evil.test',
]

describe('return URLs must be on an allowed origin', () => {
  it('refuses successUrl and cancelUrl elsewhere with 400 naming the field, creating nothing', async () => {
    const email = uniqueEmail('redirected')
    const before = sessionsCreated()
    for (const field of ['successUrl', 'cancelUrl']) {
      for (const url of foreign) {
        const res = await f.app.api('POST', '/v1/checkout', { body: { email, priceId, [field]: url } })
        expect(res.status, `${field}: ${url}`).toBe(400)
        expect(res.body.type).toBe('/problems/validation')
        expect(res.body.errors).toEqual([{ path: `body.${field}`, message: expect.any(String) }])
      }
    }
    expect(sessionsCreated()).toBe(before)
    const members = await f.app.db.selectFrom('members').select('id').where('email', '=', email).execute()
    expect(members).toHaveLength(0)
  })

  it('accepts URLs on an allowed origin and hands them to Stripe unchanged', async () => {
    const successUrl = 'https://allowed.example/thanks?session_id={CHECKOUT_SESSION_ID}'
    const res = await f.app.api('POST', '/v1/checkout', {
      body: { email: uniqueEmail(), priceId, successUrl, cancelUrl: 'https://allowed.example' },
    })
    expect(res.status).toBe(201)
    expect(f.fake.get(res.body.sessionId)).toMatchObject({
      success_url: successUrl,
      cancel_url: 'https://allowed.example',
    })
  })

  it('refuses a billing-portal returnUrl elsewhere, and accepts one here', async () => {
    const { member } = await seedMember(f.app.db, f.sim)
    const token = patronToken(f.app.deps, member)
    for (const returnUrl of foreign) {
      const res = await f.app.api('POST', '/v1/me/billing-portal', { token, body: { returnUrl } })
      expect(res.status, returnUrl).toBe(400)
      expect(res.body.errors).toEqual([{ path: 'body.returnUrl', message: expect.any(String) }])
    }
    const ok = await f.app.api('POST', '/v1/me/billing-portal', {
      token,
      body: { returnUrl: 'https://allowed.example/account' },
    })
    expect(ok.status).toBe(201)
  })
})

describe('Checkout with a patron’s Bearer token', () => {
  it('starts the session for that member without an email', async () => {
    const member = await createMember(f.app.db)
    const token = patronToken(f.app.deps, member, [])
    const res = await f.app.api('POST', '/v1/checkout', { token, body: { priceId } })
    expect(res.status).toBe(201)
    expect(res.body.claimToken).toEqual(expect.any(String))
    expect(f.fake.get(res.body.sessionId).client_reference_id).toBe(member.id)
    const same = await f.app.api('POST', '/v1/checkout', { token, body: { priceId, email: member.email } })
    expect(same.status).toBe(201)
  })

  it('refuses another email, a missing email without a token, bad tokens and staff tokens', async () => {
    const member = await createMember(f.app.db)
    const token = patronToken(f.app.deps, member, [])
    const other = await f.app.api('POST', '/v1/checkout', { token, body: { priceId, email: uniqueEmail() } })
    expect(other.status).toBe(400)
    expect(other.body.errors).toEqual([{ path: 'body.email', message: expect.any(String) }])

    const anonymous = await f.app.api('POST', '/v1/checkout', { body: { priceId } })
    expect(anonymous.status).toBe(400)
    expect(anonymous.body.errors).toEqual([{ path: 'body.email', message: expect.any(String) }])

    const forged = await f.app.api('POST', '/v1/checkout', { token: `${token}x`, body: { priceId } })
    expect(forged.status).toBe(401)
    const staff = staffToken(f.app.deps, await createStaff(f.app.db, 'admin'))
    const asStaff = await f.app.api('POST', '/v1/checkout', { token: staff, body: { priceId } })
    expect(asStaff.status).toBe(403)
  })

  it('answers 409 for a patron whose subscription is live', async () => {
    const member = await createMember(f.app.db, { status: 'active' })
    const res = await f.app.api('POST', '/v1/checkout', {
      token: patronToken(f.app.deps, member),
      body: { priceId },
    })
    expect(res.status).toBe(409)
  })
})

describe('rate limit per client IP', () => {
  it('lets exactly CHECKOUT_LIMIT_PER_IP concurrent requests through, then 429 with Retry-After', async () => {
    const limited = await startBilling({ CHECKOUT_LIMIT_PER_IP: '3', TRUST_PROXY: 'true' })
    try {
      const tier = await seedTier(limited.app.db, limited.sim)
      const from = (ip: string) => ({ 'x-forwarded-for': ip })
      const answers = await Promise.all(
        Array.from({ length: 8 }, () =>
          limited.app.api('POST', '/v1/checkout', {
            headers: from('203.0.113.7'),
            body: { email: uniqueEmail('burst'), priceId: tier.monthPriceId },
          }),
        ),
      )
      expect(answers.map((r) => r.status).sort()).toEqual([201, 201, 201, 429, 429, 429, 429, 429])
      for (const r of answers.filter((a) => a.status === 429)) {
        expect(r.body.type).toBe('/problems/rate-limited')
        const retryAfter = Number(r.headers.get('retry-after'))
        expect(retryAfter).toBeGreaterThan(0)
        expect(retryAfter).toBeLessThanOrEqual(15 * 60)
      }
      const recorded = await limited.app.db
        .selectFrom('checkout_sessions')
        .select('id')
        .where('created_ip', '=', '203.0.113.7')
        .execute()
      expect(recorded).toHaveLength(3)

      // Another client is not held back.
      const other = await limited.app.api('POST', '/v1/checkout', {
        headers: from('203.0.113.8'),
        body: { email: uniqueEmail(), priceId: tier.monthPriceId },
      })
      expect(other.status).toBe(201)
    } finally {
      await limited.close()
    }
  })
})
