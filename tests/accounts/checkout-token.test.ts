import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BillingFixture, seedTier, startBilling } from '../billing/billing-fixture.js'
import { startTestApp } from '../helpers/app.js'
import { payCheckout, redeemCheckout, sessionLookups, startCheckout } from '../helpers/checkout.js'
import { createMember, createStaff, uniqueEmail } from '../helpers/factories.js'
import { deliver } from '../helpers/stripe-events.js'
import { decodeJwt, linksTo, signIn } from './helpers.js'

let f: BillingFixture
let priceId: string
beforeAll(async () => {
  f = await startBilling()
  priceId = (await seedTier(f.app.db, f.sim)).monthPriceId
})
afterAll(() => f.close())

/** A reader starts Checkout for an email and pays; returns what its browser holds. */
async function paidCheckout(email = uniqueEmail()) {
  const started = await startCheckout(f.app, { email, priceId })
  payCheckout(f.fake, started.sessionId)
  return { email, ...started }
}

const refreshTokensOf = (memberId: string) =>
  f.app.db.selectFrom('refresh_tokens').select('id').where('member_id', '=', memberId).execute()

const memberOf = (email: string) =>
  f.app.db
    .selectFrom('members')
    .select(['id', 'last_signed_in_at'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow()

describe('POST /v1/auth/token with a Checkout Session and its claimToken', () => {
  it('signs in a new reader who paid, once, and records the sign-in', async () => {
    const paid = await paidCheckout()
    const res = await redeemCheckout(f.app, {
      checkoutSessionId: paid.sessionId,
      claimToken: paid.claimToken,
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, refreshToken: expect.any(String) })
    const member = await memberOf(paid.email)
    expect(decodeJwt(res.body.accessToken).payload).toMatchObject({
      sub: member.id,
      role: 'patron',
      ent: ['vote'],
    })
    expect(member.last_signed_in_at).toBeInstanceOf(Date)
    const next = await f.app.api('POST', '/v1/auth/refresh', {
      body: { refreshToken: res.body.refreshToken },
    })
    expect(next.status).toBe(200)

    // Replay: refused, without asking Stripe again.
    const lookups = sessionLookups(f.fake, paid.sessionId).length
    const again = await redeemCheckout(f.app, {
      checkoutSessionId: paid.sessionId,
      claimToken: paid.claimToken,
    })
    expect(again.status).toBe(401)
    expect(again.body).toMatchObject({ type: '/problems/unauthenticated' })
    expect(sessionLookups(f.fake, paid.sessionId)).toHaveLength(lookups)
  })

  it('signs in a reader who abandoned an earlier Checkout', async () => {
    const email = uniqueEmail('returning')
    await startCheckout(f.app, { email, priceId }) // abandoned: never paid
    const paid = await paidCheckout(email)
    const res = await redeemCheckout(f.app, {
      checkoutSessionId: paid.sessionId,
      claimToken: paid.claimToken,
    })
    expect(res.status).toBe(200)
  })

  it('works once under concurrent redemption', async () => {
    const paid = await paidCheckout()
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        redeemCheckout(f.app, { checkoutSessionId: paid.sessionId, claimToken: paid.claimToken }),
      ),
    )
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401, 401])
    expect(await refreshTokensOf((await memberOf(paid.email)).id)).toHaveLength(1)
  })

  it('of two paid Checkouts of one new email, signs in only the first redeemed', async () => {
    const email = uniqueEmail('twice')
    const first = await paidCheckout(email)
    const second = await paidCheckout(email)
    const answers = await Promise.all(
      [first, second].map((p) =>
        redeemCheckout(f.app, { checkoutSessionId: p.sessionId, claimToken: p.claimToken }),
      ),
    )
    expect(answers.map((r) => r.status).sort()).toEqual([200, 403])
  })

  it('refuses a missing, wrong or stolen claimToken without calling Stripe', async () => {
    const paid = await paidCheckout()
    const other = await paidCheckout()
    const attempts = [
      { checkoutSessionId: paid.sessionId },
      { checkoutSessionId: paid.sessionId, claimToken: 'x'.repeat(43) },
      { checkoutSessionId: paid.sessionId, claimToken: other.claimToken },
    ]
    for (const body of attempts) {
      const res = await redeemCheckout(f.app, body)
      expect(res.status, JSON.stringify(body)).toBe(401)
      expect(res.body.type).toBe('/problems/unauthenticated')
    }
    expect(sessionLookups(f.fake, paid.sessionId)).toHaveLength(0)
    // None of it used the session up: its own claim still works.
    const own = await redeemCheckout(f.app, {
      checkoutSessionId: paid.sessionId,
      claimToken: paid.claimToken,
    })
    expect(own.status).toBe(200)
  })

  it('refuses a session this service did not create, without calling Stripe', async () => {
    const member = await createMember(f.app.db)
    const { session } = f.sim.checkout(member.id, f.sim.customer(member.email), f.sim.price(500))
    const res = await redeemCheckout(f.app, { checkoutSessionId: session.id, claimToken: 'y'.repeat(43) })
    expect(res.status).toBe(401)
    expect(sessionLookups(f.fake, session.id)).toHaveLength(0)
    expect(await refreshTokensOf(member.id)).toHaveLength(0)
  })

  it('refuses a session that is not complete yet, and signs in once it is', async () => {
    const started = await startCheckout(f.app, { email: uniqueEmail(), priceId })
    const claim = { checkoutSessionId: started.sessionId, claimToken: started.claimToken }
    expect((await redeemCheckout(f.app, claim)).status).toBe(401)
    payCheckout(f.fake, started.sessionId)
    expect((await redeemCheckout(f.app, claim)).status).toBe(200)
  })

  it('refuses a malformed session id (400)', async () => {
    const bad = await redeemCheckout(f.app, { checkoutSessionId: 'pi_123', claimToken: 'z'.repeat(43) })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({
      type: '/problems/validation',
      errors: [{ path: 'body.checkoutSessionId' }],
    })
  })
})

describe('paying for someone else’s email (account takeover)', () => {
  async function attack(victimEmail: string) {
    const paid = await paidCheckout(victimEmail)
    const mailsBefore = linksTo(f.app, victimEmail).length
    const res = await redeemCheckout(f.app, {
      checkoutSessionId: paid.sessionId,
      claimToken: paid.claimToken,
    })
    return { res, paid, newLinks: linksTo(f.app, victimEmail).length - mailsBefore }
  }

  it('of a member who has signed in: 403, the victim is mailed a sign-in link, the attacker gets nothing', async () => {
    const victim = uniqueEmail('victim')
    await signIn(f.app, victim)
    const member = await memberOf(victim)
    const sessionsBefore = (await refreshTokensOf(member.id)).length

    const { res, paid, newLinks } = await attack(victim)
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ type: '/problems/email-verification-required' })
    expect(res.body.accessToken).toBeUndefined()
    expect(res.body.refreshToken).toBeUndefined()
    expect(newLinks).toBe(1)
    expect(await refreshTokensOf(member.id)).toHaveLength(sessionsBefore)
    // The claim is used up: trying again gets nothing either.
    const again = await redeemCheckout(f.app, {
      checkoutSessionId: paid.sessionId,
      claimToken: paid.claimToken,
    })
    expect(again.status).toBe(401)
  })

  it('of a member who subscribed before but never signed in: 403 and a sign-in link', async () => {
    const victim = uniqueEmail('lapsed')
    const earlier = await paidCheckout(victim)
    const sub = f.fake.get(f.fake.get(earlier.sessionId).subscription)
    for (const e of f.sim.end(sub)) expect((await deliver(f.app.url, e)).status).toBe(200)

    const { res, newLinks } = await attack(victim)
    expect(res.status).toBe(403)
    expect(res.body.type).toBe('/problems/email-verification-required')
    expect(newLinks).toBe(1)
    expect(await refreshTokensOf((await memberOf(victim)).id)).toHaveLength(0)
  })

  it('of a staff account: 403 and a sign-in link', async () => {
    const staff = await createStaff(f.app.db, 'admin')
    const { res, newLinks } = await attack(staff.email)
    expect(res.status).toBe(403)
    expect(res.body.type).toBe('/problems/email-verification-required')
    expect(newLinks).toBe(1)
  })
})

describe('without Stripe', () => {
  it('answers the Checkout form with 503 stripe-not-configured', async () => {
    const bare = await startTestApp()
    try {
      const res = await redeemCheckout(bare, { checkoutSessionId: 'cs_test_123', claimToken: 'c'.repeat(43) })
      expect(res.status).toBe(503)
      expect(res.body).toMatchObject({ type: '/problems/stripe-not-configured' })
    } finally {
      await bare.close()
    }
  })
})
