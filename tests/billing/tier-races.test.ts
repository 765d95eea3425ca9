import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StripeSimulatorError } from '../../src/dev/stripe-simulator/api.js'
import { createStaff, staffToken, uniqueEmail } from '../helpers/factories.js'
import { type BillingFixture, startBilling } from './billing-fixture.js'

// On PGlite every statement runs one at a time; the races still run there, fewer of them.
const TRIALS = process.env.TEST_DATABASE_URL ? 10 : 3

let f: BillingFixture
let editor: string
beforeAll(async () => {
  f = await startBilling()
  editor = staffToken(f.app.deps, await createStaff(f.app.db, 'editor'))
  // As Stripe does: a Checkout Session for an archived price is refused with an invalid request.
  f.fake.on('POST', '/v1/checkout/sessions', (r) => {
    for (const item of r.body.line_items ?? []) {
      if (!f.fake.get(item.price, 'price').active) {
        throw new StripeSimulatorError(400, {
          type: 'invalid_request_error',
          message: 'The price specified is inactive. This field only accepts active prices.',
          param: 'line_items[0][price]',
        })
      }
    }
    const id = f.fake.id('cs_test')
    return f.fake.put({ id, object: 'checkout.session', url: `https://checkout.stripe.test/c/pay/${id}` })
  })
})
afterAll(() => f.close())

async function createTier() {
  const res = await f.app.api('POST', '/v1/admin/tiers', {
    token: editor,
    body: { name: `Friend ${randomUUID()}`, currency: 'eur', monthlyAmount: 500, yearlyAmount: 5000 },
  })
  expect(res.status).toBe(201)
  return res.body as { id: string; stripeProductId: string; prices: { id: string; stripePriceId: string }[] }
}

const patchTier = (id: string, body: unknown) =>
  f.app.api('PATCH', `/v1/admin/tiers/${id}`, { token: editor, body })

/** The tier's `active` here, in the public list and in Stripe (its Product and each Price). */
async function stateEverywhere(tier: Awaited<ReturnType<typeof createTier>>) {
  const row = await f.app.db
    .selectFrom('tiers')
    .select('active')
    .where('id', '=', tier.id)
    .executeTakeFirstOrThrow()
  const prices = await f.app.db.selectFrom('prices').select('active').where('tier_id', '=', tier.id).execute()
  const listed = (await f.app.api('GET', '/v1/tiers')).body.data.some((t: { id: string }) => t.id === tier.id)
  return {
    database: [row.active, ...prices.map((p) => p.active)],
    listed,
    stripe: [
      f.fake.get(tier.stripeProductId, 'product').active,
      ...tier.prices.map((p) => f.fake.get(p.stripePriceId, 'price').active),
    ],
  }
}

const everywhere = (active: boolean) => ({
  database: [active, active, active],
  listed: active,
  stripe: [active, active, active],
})

describe('tier archive and restore, with real concurrent requests', () => {
  it('leaves Stripe and the database agreeing after archives and restores race, and a repeat settles it', async () => {
    const tier = await createTier()
    for (let trial = 0; trial < TRIALS; trial++) {
      const answers = await Promise.all(
        [false, true, false, true, true, false].map((active) => patchTier(tier.id, { active })),
      )
      for (const res of answers) expect([200, 503]).toContain(res.status)
      if (answers.every((res) => res.status === 200)) {
        const state = await stateEverywhere(tier)
        expect(state).toEqual(everywhere(state.database[0]!))
      }
      const wanted = trial % 2 === 0
      expect((await patchTier(tier.id, { active: wanted })).status).toBe(200)
      expect(await stateEverywhere(tier)).toEqual(everywhere(wanted))
    }
  })

  it('repairs drift in Stripe when a PATCH is repeated, and a refused price is never a 500 at Checkout', async () => {
    const tier = await createTier()
    // Stripe's prices were archived behind the database's back (a call that failed half-way, or the Dashboard).
    for (const p of tier.prices) f.fake.get(p.stripePriceId, 'price').active = false
    expect((await stateEverywhere(tier)).stripe).toEqual([true, false, false])

    const checkout = await f.app.api('POST', '/v1/checkout', {
      body: { email: uniqueEmail(), priceId: tier.prices[0]!.id },
    })
    expect(checkout.status).toBe(503)
    expect(checkout.body.type).toBe('/problems/stripe-unavailable')

    expect((await patchTier(tier.id, { active: true })).status).toBe(200)
    expect(await stateEverywhere(tier)).toEqual(everywhere(true))
    const again = await f.app.api('POST', '/v1/checkout', {
      body: { email: uniqueEmail(), priceId: tier.prices[0]!.id },
    })
    expect(again.status).toBe(201)

    // A rename pushes the whole state too.
    f.fake.get(tier.stripeProductId, 'product').active = false
    const renamed = await patchTier(tier.id, { name: 'Good friend' })
    expect(renamed.status).toBe(200)
    expect(f.fake.get(tier.stripeProductId, 'product')).toMatchObject({ name: 'Good friend', active: true })
  })
})
