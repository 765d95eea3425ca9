import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redeemLoginToken, requestMagicLink } from '../../src/accounts/auth.service.js'
import { type BillingFixture, seedTier, startBilling } from '../billing/billing-fixture.js'
import { createMember, uniqueEmail } from '../helpers/factories.js'
import { readOutbox } from '../helpers/outbox.js'
import { FormClient } from './form-client.js'
import { latestLoginToken, signedInClient } from './harness.js'

/**
 * Joining from the pages: a GET only shows the form; a reader who is not signed in gets the same
 * answer for every address and the rest by mail; the member and its Stripe customer exist only once
 * the mailed link is used; Checkout starts on a CSRF-checked post.
 */

let billing: BillingFixture
let priceId: string

beforeAll(async () => {
  billing = await startBilling({ LOGIN_LIMIT_PER_EMAIL: '50', LOGIN_LIMIT_PER_IP: '1000' })
  priceId = (await seedTier(billing.app.db, billing.sim)).monthPriceId
})
afterAll(() => billing?.close())

const stripeCalls = () => billing.fake.requests.length
const memberByEmail = (email: string) =>
  billing.app.db
    .selectFrom('members')
    .select(['id', 'stripe_customer_id'])
    .where('email', '=', email)
    .executeTakeFirst()
const mailsTo = (email: string) => readOutbox(billing.app).filter((m) => m.to.includes(email))

const signedIn = (email: string) => signedInClient(billing.app, email)

describe('GET /join', () => {
  it('only shows the form, to a signed-in patron too: no Checkout Session, no cookie', async () => {
    const member = await createMember(billing.app.db)
    const browser = await signedIn(member.email)
    await browser.get('/')
    const before = stripeCalls()
    const res = await browser.get(`/join?price=${priceId}`)
    expect(res.status).toBe(200)
    expect(res.headers.getSetCookie()).toEqual([])
    expect(stripeCalls()).toBe(before)
    // One button, no field to fill: the address is the session's.
    expect(res.text.match(/<button/g)?.length).toBe(2) // the form's, and the sign-out of the header
    expect(res.text).not.toContain('name="email"')
    expect(res.text).toContain(member.email)
    const rateCounted = await billing.app.db.selectFrom('checkout_requests').select('id').execute()
    expect(rateCounted).toEqual([])
  })

  it('starts Checkout on the post, and only with the form token', async () => {
    const member = await createMember(billing.app.db)
    const browser = await signedIn(member.email)
    await browser.get(`/join?price=${priceId}`)
    const before = stripeCalls()
    const forged = await browser.request('POST', '/join', { price: priceId })
    expect(forged.status).toBe(403)
    expect(stripeCalls()).toBe(before)
    const res = await browser.post('/join', { price: priceId })
    expect(res.status).toBe(303)
    expect(res.location).toMatch(/\/c\/pay\/cs_/)
    expect(billing.fake.requests.slice(before).some((r) => r.path === '/v1/checkout/sessions')).toBe(true)
  })
})

describe('POST /join by a reader who is not signed in', () => {
  const ask = async (email: string, lang = 'en') => {
    const browser = new FormClient(billing.app.url)
    await browser.get(`/join?price=${priceId}&lang=${lang}`)
    const res = await browser.post('/join', { email, price: priceId })
    const shown = res.location ? await browser.get(res.location) : undefined
    // The page as a reader sees it: the address and this browser's form token aside, nothing differs.
    return {
      res,
      shown: shown?.text
        .replaceAll(email, 'ADDRESS')
        .replaceAll(encodeURIComponent(email), 'ADDRESS')
        .replaceAll(browser.csrf, 'CSRF'),
    }
  }

  it('answers alike for a patron, a member and an unknown address, and creates nothing', async () => {
    const patron = await createMember(billing.app.db, { status: 'active' })
    const lapsed = await createMember(billing.app.db, { status: 'canceled' })
    const unknown = uniqueEmail('unknown')
    const before = stripeCalls()
    const answers = await Promise.all([patron.email, lapsed.email, unknown].map((e) => ask(e)))
    for (const [i, email] of [patron.email, lapsed.email, unknown].entries()) {
      expect(answers[i]!.res.status).toBe(303)
      expect(answers[i]!.res.location).toBe(`/join/sent?email=${encodeURIComponent(email)}`)
      expect(answers[i]!.shown).toBe(answers[0]!.shown)
    }
    expect(answers[0]!.shown).toContain('Check your inbox')
    expect(stripeCalls()).toBe(before)
    expect(await memberByEmail(unknown)).toBeUndefined()

    // The rest is said by mail, to the address's owner.
    const [toPatron] = mailsTo(patron.email)
    expect(toPatron!.subject).toContain('already a patron')
    expect(toPatron!.text).toMatch(/\/login\?token=[\w-]+&next=%2Faccount/)
    for (const email of [lapsed.email, unknown]) {
      const [mail] = mailsTo(email)
      expect(mail!.subject).toContain('Become a patron')
      expect(mail!.text).toContain(`/join/continue?token=`)
      expect(mail!.text).toContain(`price=${priceId}`)
    }
  })

  it('mails in the language of the page', async () => {
    const email = uniqueEmail('uk')
    await ask(email, 'uk')
    expect(mailsTo(email)[0]!.subject).toContain('Станьте меценатом')
  })

  it('shows the form again for a bad address, and mails nothing', async () => {
    const { res } = await ask('not-an-address')
    expect(res.status).toBe(400)
    expect(mailsTo('not-an-address')).toEqual([])
  })
})

describe('the mailed join link', () => {
  const linkFor = async (email: string) => {
    const browser = new FormClient(billing.app.url)
    await browser.get(`/join?price=${priceId}`)
    await browser.post('/join', { email, price: priceId })
    const url = /https?:\/\/\S+\/join\/continue\?\S+/.exec(mailsTo(email).at(-1)!.text)![0]
    return new URL(url)
  }

  it('shows a button on GET (mail scanners), and on POST makes the member, signs in and starts Checkout', async () => {
    const email = uniqueEmail('joiner')
    const link = await linkFor(email)
    const browser = new FormClient(billing.app.url)
    const path = link.pathname + link.search
    const before = stripeCalls()
    expect((await browser.get(path)).status).toBe(200)
    const shown = await browser.get(path)
    expect(shown.text).toContain(email)
    expect(await memberByEmail(email)).toBeUndefined()
    expect(stripeCalls()).toBe(before)

    const token = link.searchParams.get('token')!
    const res = await browser.post('/join/continue', { token, price: priceId })
    expect(res.status).toBe(303)
    expect(res.location).toMatch(/\/c\/pay\/cs_/)
    const member = await memberByEmail(email)
    expect(member?.stripe_customer_id).toMatch(/^cus_/)
    expect((await browser.get('/account')).status).toBe(200)

    // Once only.
    const again = await new FormClient(billing.app.url).get(path)
    expect(again.status).toBe(400)
    const reused = new FormClient(billing.app.url)
    await reused.get('/login')
    expect((await reused.post('/join/continue', { token, price: priceId })).status).toBe(400)
  })

  it('ends the session this browser had before (someone else’s)', async () => {
    const other = await createMember(billing.app.db)
    const browser = await signedIn(other.email)
    const old = browser.cookies.get('patronage_session')!
    const link = await linkFor(uniqueEmail('second'))
    await browser.get(link.pathname + link.search)
    const res = await browser.post('/join/continue', {
      token: link.searchParams.get('token')!,
      price: priceId,
    })
    expect(res.status).toBe(303)
    expect(browser.cookies.get('patronage_session')).not.toBe(old)
    const stale = new FormClient(billing.app.url)
    stale.cookies.set('patronage_session', old)
    expect((await stale.get('/account')).status).toBe(303)
  })
})

describe('sign out everywhere', () => {
  it('ends every page session and API refresh token of the member', async () => {
    const member = await createMember(billing.app.db, { status: 'active' })
    const first = await signedIn(member.email)
    const second = await signedIn(member.email)
    await requestMagicLink(billing.app.deps, member.email, null)
    const api = await redeemLoginToken(billing.app.deps, latestLoginToken(billing.app, member.email))

    const page = await first.get('/account')
    expect(page.text).toContain('action="/logout/everywhere"')
    const res = await first.post('/logout/everywhere')
    expect(res.status).toBe(303)
    expect((await first.get('/account')).status).toBe(303)
    expect((await second.get('/account')).status).toBe(303)
    const refreshed = await billing.app.api('POST', '/v1/auth/refresh', {
      body: { refreshToken: api.refreshToken },
    })
    expect(refreshed.status).toBe(401)
  })

  it('is refused without the form token', async () => {
    const member = await createMember(billing.app.db)
    const browser = await signedIn(member.email)
    expect((await browser.request('POST', '/logout/everywhere', {})).status).toBe(403)
    expect((await browser.get('/account')).status).toBe(200)
  })
})
