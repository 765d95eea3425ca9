import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember } from '../helpers/factories.js'
import { FakeStripe, TEST_STRIPE_KEY } from '../helpers/fake-stripe.js'
import { decodeJwt } from './helpers.js'

let fake: FakeStripe
let app: TestApp
beforeAll(async () => {
  fake = await new FakeStripe().start()
  app = await startTestApp({ STRIPE_SECRET_KEY: TEST_STRIPE_KEY, STRIPE_API_BASE: fake.url })
})
afterAll(async () => {
  await app.close()
  await fake.stop()
})

const redeem = (checkoutSessionId: string) =>
  app.api('POST', '/v1/auth/token', { body: { checkoutSessionId } })

function checkoutSession(fields: Record<string, unknown>): Record<string, any> {
  return fake.put({
    id: fake.id('cs_test'),
    object: 'checkout.session',
    mode: 'subscription',
    status: 'complete',
    payment_status: 'paid',
    customer: fake.id('cus'),
    subscription: fake.id('sub'),
    created: fake.now,
    ...fields,
  })
}

describe('POST /v1/auth/token with a Checkout Session', () => {
  it('signs in the member who completed Checkout, without email', async () => {
    const member = await createMember(app.db, { status: 'active' })
    const session = checkoutSession({ client_reference_id: member.id })
    const res = await redeem(session.id)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, refreshToken: expect.any(String) })
    expect(decodeJwt(res.body.accessToken).payload).toMatchObject({
      sub: member.id,
      role: 'patron',
      ent: ['vote'],
    })
    expect(
      fake.requests.some((r) => r.method === 'GET' && r.path === `/v1/checkout/sessions/${session.id}`),
    ).toBe(true)
    // The refresh token continues the session like any other.
    const next = await app.api('POST', '/v1/auth/refresh', { body: { refreshToken: res.body.refreshToken } })
    expect(next.status).toBe(200)
  })

  it('works once', async () => {
    const member = await createMember(app.db)
    const session = checkoutSession({ client_reference_id: member.id })
    expect((await redeem(session.id)).status).toBe(200)
    const again = await redeem(session.id)
    expect(again.status).toBe(401)
    expect(again.body).toMatchObject({ type: '/problems/unauthenticated' })
  })

  it('works once under concurrent redemption', async () => {
    const member = await createMember(app.db)
    const session = checkoutSession({ client_reference_id: member.id })
    const answers = await Promise.all(Array.from({ length: 6 }, () => redeem(session.id)))
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401, 401])
    const sessions = await app.db
      .selectFrom('refresh_tokens')
      .select('id')
      .where('member_id', '=', member.id)
      .execute()
    expect(sessions).toHaveLength(1)
  })

  it('refuses a session that is not complete', async () => {
    const member = await createMember(app.db)
    for (const status of ['open', 'expired']) {
      const session = checkoutSession({ client_reference_id: member.id, status, payment_status: 'unpaid' })
      expect((await redeem(session.id)).status).toBe(401)
    }
  })

  it('refuses a session that does not belong to a member here', async () => {
    const member = await createMember(app.db, { status: 'active' })
    await app.db
      .updateTable('members')
      .set({ stripe_customer_id: 'cus_theirs' })
      .where('id', '=', member.id)
      .execute()
    const cases = [
      checkoutSession({ client_reference_id: null }),
      checkoutSession({ client_reference_id: randomUUID() }),
      checkoutSession({ client_reference_id: 'not-a-member-id' }),
      checkoutSession({ client_reference_id: member.id, customer: 'cus_someone_else' }),
    ]
    for (const session of cases) {
      const res = await redeem(session.id)
      expect(res.status, JSON.stringify(session.client_reference_id)).toBe(401)
    }
    const own = checkoutSession({ client_reference_id: member.id, customer: 'cus_theirs' })
    expect((await redeem(own.id)).status).toBe(200)
  })

  it('refuses an unknown session (401) and a malformed id (400)', async () => {
    expect((await redeem('cs_test_doesnotexist')).status).toBe(401)
    const bad = await redeem('pi_123')
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({
      type: '/problems/validation',
      errors: [{ path: 'body.checkoutSessionId' }],
    })
  })
})

describe('without Stripe', () => {
  it('answers the Checkout form with 503 stripe-not-configured', async () => {
    const bare = await startTestApp()
    try {
      const res = await bare.api('POST', '/v1/auth/token', { body: { checkoutSessionId: 'cs_test_123' } })
      expect(res.status).toBe(503)
      expect(res.body).toMatchObject({ type: '/problems/stripe-not-configured' })
    } finally {
      await bare.close()
    }
  })
})
