import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SignedEvent } from '../../src/dev/stripe-simulator/billing.js'
import { readOutbox } from '../helpers/outbox.js'
import { deliver } from '../helpers/stripe-events.js'
import { type BillingFixture, seedMember, seedTier, startBilling } from './billing-fixture.js'

let f: BillingFixture
let tier: Awaited<ReturnType<typeof seedTier>>

beforeAll(async () => {
  f = await startBilling()
  tier = await seedTier(f.app.db, f.sim)
})
afterAll(() => f.close())

async function send(events: SignedEvent[]) {
  for (const e of events) expect((await deliver(f.app.url, e)).status).toBe(200)
}

const mailsTo = (email: string) => readOutbox(f.app).filter((m) => m.to.includes(email))

describe('membership mails, sent after the commit', () => {
  it('welcomes a new patron once, however often Stripe delivers the events', async () => {
    const { member, customer } = await seedMember(f.app.db, f.sim)
    const checkout = f.sim.checkout(member.id, customer, tier.month)
    await send(checkout.events)
    await send(checkout.events)
    expect(mailsTo(member.email).map((m) => m.subject)).toEqual(['Welcome, patron of Patronage'])
    const welcome = mailsTo(member.email)[0]!.text
    // The tier, price and next renewal as Stripe told us, and where to manage or cancel.
    expect(welcome).toMatch(
      /Your membership: \S.*, €\d+(\.\d\d)? \/ month\. It renews on \w+ \d{1,2}, \d{4}\./,
    )
    expect(welcome).toContain('Go to your account:\nhttp://patronage.test/account\n')
  })

  it('tells a patron whose payment failed, then that the membership ended', async () => {
    const { member, customer } = await seedMember(f.app.db, f.sim)
    const { sub, events } = f.sim.checkout(member.id, customer, tier.month)
    await send(events)
    await send(f.sim.failRenewal(sub))
    await send(f.sim.markUnpaid(sub))
    expect(mailsTo(member.email).map((m) => m.subject)).toEqual([
      'Welcome, patron of Patronage',
      'Your payment did not go through',
      'Your membership has ended',
    ])
  })
})
