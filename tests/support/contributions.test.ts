import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isEntitled } from '../../src/billing/entitlement.js'
import { sendDuePromptMails } from '../../src/mail/sender.js'
import { createMember, patronToken, uniqueEmail } from '../helpers/factories.js'
import { readOutbox } from '../helpers/outbox.js'
import { type SupportFixture, shuffled, startSupport } from './support-fixture.js'

let f: SupportFixture

beforeAll(async () => {
  f = await startSupport()
})
afterAll(() => f.close())

async function contribute(body: Record<string, unknown>, token?: string) {
  const res = await f.app.api('POST', '/v1/contributions', { body, ...(token ? { token } : {}) })
  expect(res.status, res.text).toBe(201)
  return res.body as { sessionId: string; url: string }
}

const paymentOf = (sessionId: string) =>
  f.app.db
    .selectFrom('one_time_payments')
    .selectAll()
    .where('checkout_session_id', '=', sessionId)
    .executeTakeFirstOrThrow()

const mailsTo = (to: string) => readOutbox(f.app).filter((m) => m.to.includes(to))

describe('GET /v1/support', () => {
  it('lists what staff switched on, gifts priced from the tier', async () => {
    const res = await f.app.api('GET', '/v1/support')
    expect(res.status).toBe(200)
    expect(res.body.contributions).toEqual({
      currencies: ['eur', 'usd'],
      presets: [
        { currency: 'eur', amounts: [500, 1500, 5000] },
        { currency: 'usd', amounts: [1000] },
      ],
      minAmount: 100,
      maxAmount: 1_000_000,
    })
    expect(res.body.gifts).toEqual([
      {
        tierId: f.tier.tierId,
        name: 'Supporter',
        options: [
          { months: 1, amount: 500, currency: 'eur' },
          { months: 3, amount: 1500, currency: 'eur' },
          { months: 6, amount: 3000, currency: 'eur' },
          { months: 12, amount: 5000, currency: 'eur' },
        ],
      },
    ])
  })
})

describe('one-time contributions', () => {
  it('opens a payment-mode Checkout with an ad hoc price for the amount, for a member made by email', async () => {
    const email = uniqueEmail('giver')
    const started = await contribute({ email, amount: 2500, currency: 'eur', locale: 'uk' })
    const session = f.fake.get(started.sessionId, 'checkout.session')
    expect(session.mode).toBe('payment')
    expect(session.line_items[0].price_data).toMatchObject({ currency: 'eur', unit_amount: '2500' })
    const member = await f.app.db
      .selectFrom('members')
      .select(['id', 'status'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow()
    expect(session.client_reference_id).toBe(member.id)
    expect(await paymentOf(started.sessionId)).toMatchObject({
      status: 'pending',
      amount: 2500,
      kind: 'contribution',
    })
  })

  it('is recorded once when paid, whatever the order and repetition of events; one thank-you mail in the page’s language', async () => {
    const email = uniqueEmail('giver')
    const started = await contribute({ email, amount: 2500, currency: 'eur', locale: 'uk' })
    const paid = f.pay.pay(started.sessionId)
    await f.send([...paid.events, ...paid.events])
    const row = await paymentOf(started.sessionId)
    expect(row).toMatchObject({ status: 'paid', amount_refunded: 0 })
    expect(row.paid_at?.getTime()).toBe(f.fake.get(paid.paymentIntent.latest_charge, 'charge').created * 1000)
    await sendDuePromptMails(f.app.deps)
    const mails = mailsTo(email)
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toContain('Дякуємо')
    expect(mails[0]!.text).toContain('25')
    // Never a vote.
    expect(await isEntitled(f.app.db, row.member_id)).toBe(false)
  })

  it('a member’s chosen language comes before the page’s', async () => {
    const email = uniqueEmail('chosen')
    await f.app.db.insertInto('members').values({ email, locale: 'en' }).execute()
    const started = await contribute({ email, amount: 1500, currency: 'eur', locale: 'uk' })
    await f.send(f.pay.pay(started.sessionId).events)
    await sendDuePromptMails(f.app.deps)
    const mails = mailsTo(email)
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toContain('Thank you for supporting')
  })

  it('a delayed payment is recorded when it clears, and a failed one as failed', async () => {
    const ok = await contribute({ email: uniqueEmail('sepa'), amount: 1000, currency: 'eur' })
    const okPaid = f.pay.pay(ok.sessionId, { delayed: true })
    await f.send(okPaid.events)
    expect((await paymentOf(ok.sessionId)).status).toBe('pending')
    await f.send(f.pay.succeed(ok.sessionId))
    expect((await paymentOf(ok.sessionId)).status).toBe('paid')

    const bad = await contribute({ email: uniqueEmail('sepa'), amount: 1000, currency: 'eur' })
    const badPaid = f.pay.pay(bad.sessionId, { delayed: true })
    const failed = f.pay.fail(bad.sessionId)
    await f.send([...failed, ...badPaid.events])
    expect(await paymentOf(bad.sessionId)).toMatchObject({ status: 'failed', paid_at: null })
  })

  it('refunds: partial then full, each once, even when the refund arrives first', async () => {
    const email = uniqueEmail('refund')
    const started = await contribute({ email, amount: 3000, currency: 'eur' })
    const paid = f.pay.pay(started.sessionId)
    const partial = f.pay.refund(started.sessionId, 1000)
    await f.send([...partial, ...partial])
    expect(await paymentOf(started.sessionId)).toMatchObject({
      status: 'partially_refunded',
      amount_refunded: 1000,
    })
    const rest = f.pay.refund(started.sessionId)
    await f.send([...rest, ...paid.events, ...partial, ...rest])
    expect(await paymentOf(started.sessionId)).toMatchObject({ status: 'refunded', amount_refunded: 3000 })
    const refunds = await f.app.db
      .selectFrom('one_time_refunds')
      .select('amount')
      .where('payment_id', '=', (await paymentOf(started.sessionId)).id)
      .execute()
    expect(refunds.map((r) => r.amount).sort()).toEqual([1000, 2000])
  })

  it('a signed-in patron may leave the email out', async () => {
    const member = await createMember(f.app.db)
    const started = await contribute({ amount: 700, currency: 'usd' }, patronToken(f.app.deps, member))
    expect((await paymentOf(started.sessionId)).member_id).toBe(member.id)
  })

  it('refuses bad input with the field named, writing nothing and calling no Stripe', async () => {
    const email = uniqueEmail('bad')
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ amount: 0 }, 'body.amount'],
      [{ amount: -100 }, 'body.amount'],
      [{ amount: 10.5 }, 'body.amount'],
      [{ amount: 99 }, 'body.amount'],
      [{ amount: 1_000_001 }, 'body.amount'],
      [{ currency: 'gbp' }, 'body.currency'],
      [{ currency: 'euro' }, 'body.currency'],
      [{ successUrl: 'https://evil.test/x' }, 'body.successUrl'],
    ]
    const before = f.fake.requests.length
    const payments = await f.app.db
      .selectFrom('one_time_payments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    for (const [change, path] of cases) {
      const res = await f.app.api('POST', '/v1/contributions', {
        body: { email, amount: 1000, currency: 'eur', ...change },
      })
      expect(res.status, JSON.stringify(change)).toBe(400)
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
    }
    expect(f.fake.requests.length).toBe(before)
    const after = await f.app.db
      .selectFrom('one_time_payments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(payments.n))
    expect(
      await f.app.db.selectFrom('members').select('id').where('email', '=', email).executeTakeFirst(),
    ).toBeUndefined()
  })

  it('many contributions in shuffled, duplicated order are each counted once, refunds once', async () => {
    const sessions: string[] = []
    const events = []
    for (let i = 0; i < 8; i++) {
      const started = await contribute({
        email: uniqueEmail('many'),
        amount: 1000 + i * 100,
        currency: i % 2 ? 'usd' : 'eur',
      })
      sessions.push(started.sessionId)
      events.push(...f.pay.pay(started.sessionId).events)
      if (i % 3 === 0) events.push(...f.pay.refund(started.sessionId, 500))
      if (i % 4 === 1) events.push(...f.pay.refund(started.sessionId))
    }
    await f.send(shuffled([...events, ...events], 2012))
    for (const id of sessions) {
      const row = await paymentOf(id)
      const charge = f.fake.get(f.fake.get(f.fake.get(id).payment_intent).latest_charge)
      expect(row.amount_refunded).toBe(charge.amount_refunded)
      expect(row.status).toBe(
        charge.refunded ? 'refunded' : charge.amount_refunded > 0 ? 'partially_refunded' : 'paid',
      )
    }
  })
})
