import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { housekeepingPass, purgeExpired } from '../../src/db/housekeeping.js'
import { purgeRules } from '../../src/purges.js'
import { createTestDatabase, type TestDatabase } from '../helpers/db.js'
import { createMember } from '../helpers/factories.js'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.drop())

const ago = (hours: number) => new Date(Date.now() - hours * 3_600_000)
const DAY = 24
const hash = () => randomBytes(16).toString('hex')

describe('housekeeping', () => {
  it('purges exactly the rows past their life, and a second pass finds nothing', async () => {
    const { db } = database
    const member = await createMember(db)
    const login = await db
      .insertInto('login_tokens')
      .values([
        { token_hash: hash(), email: member.email, expires_at: ago(2), created_at: ago(2.25) },
        { token_hash: hash(), email: member.email, expires_at: ago(0.5), created_at: ago(0.75) },
        { token_hash: hash(), email: member.email, expires_at: ago(-0.2), created_at: ago(0.05) },
      ])
      .returning('id')
      .execute()
    const family = randomUUID()
    const revokedFamily = randomUUID()
    await db
      .insertInto('refresh_families')
      .values([
        { id: family, member_id: member.id },
        { id: revokedFamily, member_id: member.id, revoked_at: ago(2) },
      ])
      .execute()
    await db
      .insertInto('refresh_tokens')
      .values({
        token_hash: hash(),
        family_id: revokedFamily,
        member_id: member.id,
        expires_at: ago(-DAY),
        revoked_at: ago(2),
      })
      .execute()
    await db
      .insertInto('checkout_sessions')
      .values([
        { id: 'cs_old', member_id: member.id, claim_hash: hash(), created_at: ago(3 * DAY) },
        { id: 'cs_recent', member_id: member.id, claim_hash: hash(), created_at: ago(1) },
      ])
      .execute()
    await db
      .insertInto('checkout_requests')
      .values([
        { ip: '192.0.2.1', created_at: ago(1) },
        { ip: '192.0.2.1', created_at: ago(0.1) },
      ])
      .execute()
    const refresh = await db
      .insertInto('refresh_tokens')
      .values([
        {
          token_hash: hash(),
          family_id: family,
          member_id: member.id,
          expires_at: ago(1),
          created_at: ago(30 * DAY),
          revoked_at: ago(5),
        },
        {
          token_hash: hash(),
          family_id: family,
          member_id: member.id,
          expires_at: ago(-DAY),
          rotated_at: ago(1),
        },
        {
          token_hash: hash(),
          family_id: family,
          member_id: member.id,
          expires_at: ago(-DAY),
          revoked_at: ago(1),
        },
      ])
      .returning('id')
      .execute()
    await db
      .insertInto('stripe_events')
      .values([
        { id: 'evt_old', type: 'invoice.paid', stripe_created: ago(31 * DAY), processed_at: ago(31 * DAY) },
        { id: 'evt_recent', type: 'invoice.paid', stripe_created: ago(4 * DAY), processed_at: ago(4 * DAY) },
      ])
      .execute()
    const mail = (key: string, fields: Record<string, Date | null>) => ({
      dedupe_key: key,
      kind: 'welcome',
      recipient: member.email,
      member_id: member.id,
      ...fields,
    })
    await db
      .insertInto('mail_outbox')
      .values([
        mail('sent-old', { sent_at: ago(31 * DAY) }),
        mail('failed-old', { failed_at: ago(31 * DAY) }),
        mail('sent-recent', { sent_at: ago(29 * DAY) }),
        mail('pending-old', { next_attempt_at: ago(40 * DAY) }),
      ])
      .execute()

    // Other ways to support: only a Checkout left unpaid for days goes (a clearing debit has an intent).
    const payment = (fields: Record<string, unknown>) => ({
      kind: 'contribution' as const,
      member_id: member.id,
      amount: 500,
      currency: 'eur',
      created_at: ago(3 * DAY),
      ...fields,
    })
    const payments = await db
      .insertInto('one_time_payments')
      .values([
        payment({ checkout_session_id: 'cs_abandoned' }),
        payment({ checkout_session_id: 'cs_clearing', payment_intent_id: 'pi_clearing' }),
        payment({ checkout_session_id: 'cs_open', created_at: ago(1) }),
        payment({ checkout_session_id: 'cs_paid', payment_intent_id: 'pi_paid', status: 'paid' }),
      ])
      .returning('checkout_session_id')
      .execute()
    expect(payments).toHaveLength(4)

    expect(await purgeExpired(db, purgeRules)).toEqual({
      loginTokens: 1,
      refreshTokens: 1,
      refreshFamilies: 1,
      checkoutSessions: 1,
      checkoutRequests: 1,
      stripeEvents: 1,
      mails: 2,
      formSubmissions: 0,
      abandonedPayments: 1,
    })
    expect(
      await db.selectFrom('refresh_tokens').select('id').where('family_id', '=', revokedFamily).execute(),
    ).toEqual([])
    expect((await db.selectFrom('checkout_sessions').select('id').execute()).map((r) => r.id)).toEqual([
      'cs_recent',
    ])
    expect(await db.selectFrom('checkout_requests').select('id').execute()).toHaveLength(1)

    const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort()
    expect(
      ids(await db.selectFrom('login_tokens').select('id').where('email', '=', member.email).execute()),
    ).toEqual(ids(login.slice(1)))
    expect(
      ids(await db.selectFrom('refresh_tokens').select('id').where('family_id', '=', family).execute()),
    ).toEqual(ids(refresh.slice(1)))
    expect(
      (
        await db
          .selectFrom('stripe_events')
          .select('id')
          .where('id', 'in', ['evt_old', 'evt_recent'])
          .execute()
      ).map((r) => r.id),
    ).toEqual(['evt_recent'])
    const mails = await db.selectFrom('mail_outbox').select('dedupe_key').orderBy('dedupe_key').execute()
    expect(mails.map((m) => m.dedupe_key)).toEqual(['pending-old', 'sent-recent'])
    const left = await db.selectFrom('one_time_payments').select('checkout_session_id').execute()
    expect(left.map((p) => p.checkout_session_id).sort()).toEqual(['cs_clearing', 'cs_open', 'cs_paid'])

    expect(await housekeepingPass(db, purgeRules)).toEqual({
      loginTokens: 0,
      refreshTokens: 0,
      refreshFamilies: 0,
      checkoutSessions: 0,
      checkoutRequests: 0,
      stripeEvents: 0,
      mails: 0,
      formSubmissions: 0,
      abandonedPayments: 0,
    })
  })
})
