import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isEntitled } from '../../src/billing/entitlement.js'
import { sendDuePromptMails } from '../../src/mail/sender.js'
import { startGiftFromLink } from '../../src/support/gifts.service.js'
import { createMember, patronToken, uniqueEmail } from '../helpers/factories.js'
import { readOutbox } from '../helpers/outbox.js'
import { type SupportFixture, startSupport } from './support-fixture.js'

let f: SupportFixture

beforeAll(async () => {
  f = await startSupport()
})
afterAll(() => f.close())

const DAY_MS = 86_400_000

async function buyGift(body: Record<string, unknown> = {}) {
  const purchaserEmail = uniqueEmail('buyer')
  const recipientEmail = uniqueEmail('friend')
  const res = await f.app.api('POST', '/v1/gifts', {
    body: {
      purchaserEmail,
      recipientEmail,
      tierId: f.tier.tierId,
      months: 3,
      message: 'Enjoy the reporting!',
      ...body,
    },
  })
  expect(res.status, res.text).toBe(201)
  const sessionId = res.body.sessionId as string
  return { purchaserEmail, recipientEmail, sessionId }
}

const giftOf = (sessionId: string) =>
  f.app.db
    .selectFrom('gifts as g')
    .innerJoin('one_time_payments as p', 'p.id', 'g.payment_id')
    .select([
      'g.id',
      'g.status',
      'g.starts_at',
      'g.ends_at',
      'g.recipient_member_id',
      'p.amount',
      'p.status as payment_status',
    ])
    .where('p.checkout_session_id', '=', sessionId)
    .executeTakeFirstOrThrow()

const mailsTo = (to: string) => readOutbox(f.app).filter((m) => m.to.includes(to))
const tokenIn = (text: string) => /gift\/start\?token=([\w-]+)/.exec(text)?.[1]

/** Moves a scheduled mail's time into the past, as if its date had come. */
const makeDue = (dedupeKey: string) =>
  f.app.db
    .updateTable('mail_outbox')
    .set({ next_attempt_at: sql`now() - interval '1 second'` })
    .where('dedupe_key', '=', dedupeKey)
    .execute()

describe('gift memberships', () => {
  it('paid: the purchaser is thanked, the recipient gets the gift mail; the link starts it once and signs in', async () => {
    const g = await buyGift()
    expect(f.fake.get(g.sessionId).line_items[0].price_data).toMatchObject({
      unit_amount: '1500',
      product: f.tier.month.product,
    })
    const paid = f.pay.pay(g.sessionId)
    await f.send([...paid.events, ...paid.events])
    const gift = await giftOf(g.sessionId)
    expect(gift).toMatchObject({ status: 'paid', amount: 1500, payment_status: 'paid' })

    expect(mailsTo(g.purchaserEmail)).toHaveLength(1)
    const received = mailsTo(g.recipientEmail)
    expect(received).toHaveLength(1)
    expect(received[0]!.text).toContain('Enjoy the reporting!')
    const token = tokenIn(received[0]!.text)!
    expect(token).toBeTruthy()
    // Only the hash is kept.
    const stored = await f.app.db
      .selectFrom('gifts')
      .select('token_hash')
      .where('id', '=', gift.id)
      .executeTakeFirstOrThrow()
    expect(stored.token_hash).not.toContain(token)

    const session = await startGiftFromLink(f.app.deps, token)
    const claims = f.app.deps.tokens.verify(session.accessToken)
    expect(claims.sub).toBe(gift.recipient_member_id)
    expect(claims.ent).toEqual(['vote'])
    const me = await f.app.api('GET', '/v1/me', { token: session.accessToken })
    expect(me.body.gift.tierId).toBe(f.tier.tierId)
    const started = await giftOf(g.sessionId)
    expect(new Date(me.body.gift.endsAt).getTime()).toBe(started.ends_at!.getTime())
    expect(started.ends_at!.getTime() - started.starts_at!.getTime()).toBeGreaterThan(88 * DAY_MS)

    await expect(startGiftFromLink(f.app.deps, token)).rejects.toMatchObject({ status: 401 })

    // The invitation waits for its day (7 days before the end), then goes once.
    const ending = await f.app.db
      .selectFrom('mail_outbox')
      .select(['next_attempt_at', 'sent_at'])
      .where('dedupe_key', '=', `gift-ending:${gift.id}`)
      .executeTakeFirstOrThrow()
    expect(ending.sent_at).toBeNull()
    expect(ending.next_attempt_at.getTime()).toBe(started.ends_at!.getTime() - 7 * DAY_MS)
    await makeDue(`gift-ending:${gift.id}`)
    await f.app.db
      .updateTable('gifts')
      .set({ ends_at: sql`now() + interval '6 days'` })
      .where('id', '=', gift.id)
      .execute()
    await Promise.all([sendDuePromptMails(f.app.deps), sendDuePromptMails(f.app.deps)])
    await sendDuePromptMails(f.app.deps)
    const invitations = mailsTo(g.recipientEmail).filter((m) => m.subject.includes('ends in a week'))
    expect(invitations).toHaveLength(1)
    expect(invitations[0]!.text).toContain('Become a patron')
  })

  it('a gift mail with a delivery date waits for it, and is sent once by concurrent senders', async () => {
    const sendAt = new Date(Date.now() + 10 * DAY_MS)
    const g = await buyGift({ sendAt: sendAt.toISOString() })
    await f.send(f.pay.pay(g.sessionId).events)
    const gift = await giftOf(g.sessionId)
    expect(mailsTo(g.purchaserEmail)).toHaveLength(1)
    expect(mailsTo(g.recipientEmail)).toHaveLength(0)
    const row = await f.app.db
      .selectFrom('mail_outbox')
      .select('next_attempt_at')
      .where('dedupe_key', '=', `gift-received:${gift.id}`)
      .executeTakeFirstOrThrow()
    expect(row.next_attempt_at.getTime()).toBe(sendAt.getTime())
    await sendDuePromptMails(f.app.deps)
    expect(mailsTo(g.recipientEmail)).toHaveLength(0)
    await makeDue(`gift-received:${gift.id}`)
    await Promise.all([
      sendDuePromptMails(f.app.deps),
      sendDuePromptMails(f.app.deps),
      sendDuePromptMails(f.app.deps),
    ])
    expect(mailsTo(g.recipientEmail)).toHaveLength(1)
  })

  it('a full refund before the start cancels the gift: its mail is not sent and its link starts nothing', async () => {
    const g = await buyGift({ sendAt: new Date(Date.now() + DAY_MS).toISOString() })
    const paid = f.pay.pay(g.sessionId)
    const refund = f.pay.refund(g.sessionId)
    await f.send([...refund, ...paid.events, ...refund])
    const gift = await giftOf(g.sessionId)
    expect(gift).toMatchObject({ status: 'canceled', payment_status: 'refunded' })
    await makeDue(`gift-received:${gift.id}`)
    await sendDuePromptMails(f.app.deps)
    expect(mailsTo(g.recipientEmail)).toHaveLength(0)
  })

  it('a full refund after the start ends it at once', async () => {
    const g = await buyGift()
    await f.send(f.pay.pay(g.sessionId).events)
    const token = tokenIn(mailsTo(g.recipientEmail)[0]!.text)!
    await startGiftFromLink(f.app.deps, token)
    const gift = await giftOf(g.sessionId)
    expect(await isEntitled(f.app.db, gift.recipient_member_id!)).toBe(true)
    await f.send(f.pay.refund(g.sessionId))
    expect((await giftOf(g.sessionId)).status).toBe('ended')
    expect(await isEntitled(f.app.db, gift.recipient_member_id!)).toBe(false)
  })

  it('concurrent starts of one link: exactly one succeeds', async () => {
    const g = await buyGift()
    await f.send(f.pay.pay(g.sessionId).events)
    const token = tokenIn(mailsTo(g.recipientEmail)[0]!.text)!
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => startGiftFromLink(f.app.deps, token)))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  })

  it('409 gift-recipient-live for a recipient who already pays, before any Stripe call', async () => {
    const patron = await createMember(f.app.db, { status: 'active' })
    const before = f.fake.requests.length
    const res = await f.app.api('POST', '/v1/gifts', {
      body: {
        purchaserEmail: uniqueEmail('buyer'),
        recipientEmail: patron.email,
        tierId: f.tier.tierId,
        months: 1,
      },
    })
    expect(res.status).toBe(409)
    expect(res.body.code).toBe('gift-recipient-live')
    expect(f.fake.requests.length).toBe(before)
  })

  it('refuses bad input with the field named, writing nothing and calling no Stripe', async () => {
    const purchaserEmail = uniqueEmail('buyer')
    const member = await createMember(f.app.db)
    const base = { purchaserEmail, recipientEmail: uniqueEmail('friend'), tierId: f.tier.tierId, months: 1 }
    const cases: Array<[Record<string, unknown>, string, string?]> = [
      [{ recipientEmail: purchaserEmail }, 'body.recipientEmail'],
      [{ sendAt: new Date(Date.now() - DAY_MS).toISOString() }, 'body.sendAt'],
      [{ sendAt: new Date(Date.now() + 367 * DAY_MS).toISOString() }, 'body.sendAt'],
      [{ message: 'x'.repeat(1001) }, 'body.message'],
      [{ months: 2 }, 'body.months'],
      [{ tierId: '00000000-0000-4000-8000-000000000000' }, 'body.tierId'],
      [
        { purchaserEmail: undefined, recipientEmail: member.email },
        'body.recipientEmail',
        patronToken(f.app.deps, member),
      ],
    ]
    const before = f.fake.requests.length
    const count = async () =>
      Number(
        (
          await f.app.db
            .selectFrom('gifts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const gifts = await count()
    for (const [change, path, token] of cases) {
      const res = await f.app.api('POST', '/v1/gifts', {
        body: { ...base, ...change },
        ...(token ? { token } : {}),
      })
      expect(res.status, JSON.stringify(change)).toBe(400)
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
    }
    expect(f.fake.requests.length).toBe(before)
    expect(await count()).toBe(gifts)
    expect(
      await f.app.db
        .selectFrom('members')
        .select('id')
        .where('email', '=', purchaserEmail)
        .executeTakeFirst(),
    ).toBeUndefined()
  })
})
