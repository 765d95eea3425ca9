import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { FakeFailure } from '../../src/dev/stripe-simulator/api.js'
import type { ApiResponse } from '../helpers/app.js'
import { createStaff, patronToken, staffToken, uniqueEmail } from '../helpers/factories.js'
import { seedMember, seedTier, startBilling } from './billing-fixture.js'

/** Whatever Stripe answers, the service maps it: 503 stripe-unavailable or 422, never a 500. */

const f = await startBilling()
const { app, fake, sim } = f
afterAll(() => f.close())
afterEach(() => {
  fake.failWith = undefined
})

const editor = staffToken(app.deps, await createStaff(app.db, 'editor'))
const tier = await seedTier(app.db, sim)

const tierCount = async () =>
  Number(
    (
      await app.db
        .selectFrom('tiers')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

function expectProblem(res: ApiResponse, status: number, slug: string) {
  expect(res.status, res.text).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(res.body.type).toBe(`/problems/${slug}`)
  // Stripe's own words never reach the client.
  expect(res.text).not.toMatch(/simulated|idempotent requests|dashboard\.stripe|configuration/i)
}

const calls = {
  checkout: () =>
    app.api('POST', '/v1/checkout', { body: { email: uniqueEmail(), priceId: tier.monthPriceId } }),
  createTier: () =>
    app.api('POST', '/v1/admin/tiers', {
      token: editor,
      body: { name: 'Friend', currency: 'eur', monthlyAmount: 300 },
    }),
  renameTier: () =>
    app.api('PATCH', `/v1/admin/tiers/${tier.tierId}`, { token: editor, body: { name: 'Renamed' } }),
  async billingPortal() {
    const { member } = await seedMember(app.db, sim)
    return app.api('POST', '/v1/me/billing-portal', { token: patronToken(app.deps, member), body: {} })
  },
}

describe.each<[FakeFailure, number, string]>([
  ['down', 503, 'stripe-unavailable'],
  ['invalid-request', 503, 'stripe-unavailable'],
  ['no-portal-configuration', 503, 'stripe-unavailable'],
  ['idempotency', 422, 'idempotency-mismatch'],
])('when Stripe fails with %s', (failure, status, slug) => {
  it.each(Object.keys(calls) as (keyof typeof calls)[])(`%s answers ${status} ${slug}`, async (name) => {
    const tiersBefore = await tierCount()
    fake.failWith = failure
    expectProblem(await calls[name](), status, slug)
    expect(await tierCount()).toBe(tiersBefore)
  })

  it(`POST /v1/auth/token with a Checkout Session answers ${status} ${slug}`, async () => {
    const started = await calls.checkout()
    expect(started.status, started.text).toBe(201)
    fake.failWith = failure
    const res = await app.api('POST', '/v1/auth/token', {
      body: { checkoutSessionId: started.body.sessionId, claimToken: started.body.claimToken },
    })
    expectProblem(res, status, slug)
  })
})

describe('Idempotency-Key on POST /v1/admin/tiers', () => {
  const create = (key: string, body: Record<string, unknown>) =>
    app.api('POST', '/v1/admin/tiers', { token: editor, headers: { 'idempotency-key': key }, body })
  const body = { name: 'Patron', currency: 'eur', monthlyAmount: 700, yearlyAmount: 7000 }

  it('answers a retry with the same body as the first call did', async () => {
    const first = await create('tier-retry-1', body)
    const again = await create('tier-retry-1', body)
    expect(first.status).toBe(201)
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)
  })

  it.each([
    ['another name', { name: 'Other' }],
    ['another price only', { yearlyAmount: 8000 }],
    ['another currency only', { currency: 'usd' }],
  ])('refuses the same key with %s: 422 idempotency-mismatch, nothing created', async (_what, change) => {
    const key = `tier-mismatch-${Math.random().toString(36).slice(2)}`
    // Tier names are distinct: each case creates its own.
    const first = { ...body, name: `Patron ${key}` }
    const other = { ...first, ...change }
    expect((await create(key, first)).status).toBe(201)
    const tiersBefore = await tierCount()
    expectProblem(await create(key, other), 422, 'idempotency-mismatch')
    expect(await tierCount()).toBe(tiersBefore)
  })
})
