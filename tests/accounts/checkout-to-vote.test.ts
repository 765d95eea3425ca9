import jwt from 'jsonwebtoken'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StripeSimulator, TEST_STRIPE_KEY, TEST_WEBHOOK_SECRET } from '../../src/dev/stripe-simulator/api.js'
import { BillingSimulator } from '../../src/dev/stripe-simulator/billing.js'
import { seedTier } from '../billing/billing-fixture.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { payCheckout, redeemCheckout, startCheckout } from '../helpers/checkout.js'
import { createStaff, staffToken, uniqueEmail } from '../helpers/factories.js'
import { readOutbox } from '../helpers/outbox.js'

let fake: StripeSimulator
let app: TestApp
beforeAll(async () => {
  fake = await new StripeSimulator().start()
  app = await startTestApp({
    STRIPE_SECRET_KEY: TEST_STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    STRIPE_API_BASE: fake.url,
  })
})
afterAll(async () => {
  await app.close()
  await fake.stop()
})

describe('from Checkout success to a vote, before any webhook', () => {
  it('issues a token whose `ent` carries vote, and the vote counts', async () => {
    const { monthPriceId } = await seedTier(app.db, new BillingSimulator(fake))
    const email = uniqueEmail('new-patron')
    const started = await startCheckout(app, { email, priceId: monthPriceId })
    payCheckout(fake, started.sessionId)

    const signIn = await redeemCheckout(app, {
      checkoutSessionId: started.sessionId,
      claimToken: started.claimToken,
    })
    expect(signIn.status).toBe(200)
    const member = await app.db
      .selectFrom('members')
      .select(['id', 'email'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow()
    const claims = jwt.decode(signIn.body.accessToken) as jwt.JwtPayload
    expect(claims).toMatchObject({ sub: member.id, role: 'patron', ent: ['vote'] })

    const me = await app.api('GET', '/v1/me', { token: signIn.body.accessToken })
    expect(me.body).toMatchObject({ status: 'active', entitlements: ['vote'] })
    const welcome = readOutbox(app).filter((m) => m.to.includes(member.email))
    expect(welcome.map((m) => m.subject)).toEqual(['Welcome, patron of Patronage'])

    const editor = staffToken(app.deps, await createStaff(app.db, 'editor'))
    const round = await app.api('POST', '/v1/admin/rounds', {
      token: editor,
      body: {
        title: 'What next?',
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 3_600_000).toISOString(),
        votesPerMember: 1,
        resultsVisibility: 'live',
      },
    })
    const topic = await app.api('POST', `/v1/admin/rounds/${round.body.id}/topics`, {
      token: editor,
      body: { title: 'Housing' },
    })
    const vote = await app.api('POST', `/v1/rounds/${round.body.id}/votes`, {
      token: signIn.body.accessToken,
      body: { topicId: topic.body.id },
    })
    expect(vote.status).toBe(201)
    expect(vote.body).toEqual({ roundId: round.body.id, topicId: topic.body.id, votesRemaining: 0 })
  })
})
