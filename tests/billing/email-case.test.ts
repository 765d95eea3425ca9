import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { normalizeEmail } from '../../src/http/schemas.js'
import { decodeJwt, signIn } from '../accounts/helpers.js'
import { deliver } from '../helpers/stripe-events.js'
import { type BillingFixture, seedTier, startBilling } from './billing-fixture.js'

let f: BillingFixture
let tier: Awaited<ReturnType<typeof seedTier>>
beforeAll(async () => {
  f = await startBilling()
  tier = await seedTier(f.app.db, f.sim)
})
afterAll(() => f.close())

describe('normalizeEmail', () => {
  it('lower-cases by JavaScript’s Unicode rules, trims and composes (NFC)', () => {
    expect(normalizeEmail('  STRAẞE@Example.DE ')).toBe('straße@example.de')
    expect(normalizeEmail('ΟΔΟΣ@EXAMPLE.GR')).toBe('οδος@example.gr') // final sigma, where SQL lower() gives σ
    expect(normalizeEmail('İ@EXAMPLE.TR')).toBe('i\u0307@example.tr')
    expect(normalizeEmail('Cafe\u0301@example.fr')).toBe(normalizeEmail('CAFÉ@EXAMPLE.FR'))
  })
})

/** A subscription made outside Checkout (the Dashboard): no member id, only the customer's email. */
function dashboardSubscription(email: string) {
  const customer = f.sim.customer(email)
  const { sub, events } = f.sim.checkout('', customer, tier.month)
  sub.metadata = {}
  return { sub, events: events.filter((e) => e.type.startsWith('customer.subscription')) }
}

describe('an email whose lower-casing differs between JavaScript and Postgres', () => {
  it('is stored as the app normalises it, and routes find the same member', async () => {
    const tag = randomBytes(3).toString('hex')
    const address = `İLKNUR.STRAẞE.ΟΔΟΣ-${tag.toUpperCase()}@EXAMPLE.TEST`
    const { events } = dashboardSubscription(address)
    for (const e of events) expect((await deliver(f.app.url, e)).status).toBe(200)

    const member = await f.app.db
      .selectFrom('members')
      .select(['id', 'status'])
      .where('email', '=', normalizeEmail(address))
      .executeTakeFirstOrThrow()
    expect(member.status).toBe('active')

    // The same address as a reader types it signs in as that member and cannot check out twice.
    const tokens = await signIn(f.app, address)
    expect(decodeJwt(tokens.accessToken).payload.sub).toBe(member.id)
    const again = await f.app.api('POST', '/v1/checkout', {
      body: { email: address.toLowerCase(), priceId: tier.yearPriceId },
    })
    expect(again.status).toBe(409)
    const rows = await f.app.db
      .selectFrom('members')
      .select('id')
      .where('email', 'like', `%-${tag}@example.test`)
      .execute()
    expect(rows).toHaveLength(1)
  })

  it('does not fail the webhook when lower-casing makes it too long to store', async () => {
    // 'İ' lower-cases to two code points: 125 of them become 250, past 254 with the domain.
    const { events } = dashboardSubscription(`${'İ'.repeat(125)}@EXAMPLE.TEST`)
    for (const e of events) {
      const res = await deliver(f.app.url, e)
      expect(res.status).toBe(200)
    }
    // Redelivery is not a retry loop either.
    expect((await deliver(f.app.url, events[0]!)).status).toBe(200)
  })
})
