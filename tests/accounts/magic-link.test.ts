import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, createStaff, uniqueEmail } from '../helpers/factories.js'
import { readOutbox } from '../helpers/outbox.js'
import { decodeJwt, linksTo, requestLoginToken } from './helpers.js'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ LOGIN_LIMIT_PER_IP: '1000' })
})
afterAll(() => app.close())

const redeem = (token: string) => app.api('POST', '/v1/auth/token', { body: { token } })

describe('POST /v1/auth/magic-link', () => {
  it('answers 202 with the same body for a member, a staff account and an unknown address', async () => {
    const member = await createMember(app.db)
    const staff = await createStaff(app.db, 'editor')
    const answers = await Promise.all(
      [member.email, staff.email, uniqueEmail('stranger')].map((email) =>
        app.api('POST', '/v1/auth/magic-link', { body: { email } }),
      ),
    )
    for (const res of answers) expect(res.status).toBe(202)
    expect(new Set(answers.map((r) => r.text)).size).toBe(1)
    expect(new Set(answers.map((r) => r.headers.get('content-type'))).size).toBe(1)
  })

  it('mails PUBLIC_URL/login?token=... as an .eml in DATA_DIR/outbox, storing only a hash', async () => {
    const member = await createMember(app.db)
    const token = await requestLoginToken(app, member.email)
    expect(token).toMatch(/^[\w-]{43}$/) // 32 random bytes
    const [link] = linksTo(app, member.email)
    expect(link).toBe(`http://patronage.test/login?token=${token}`)
    const mail = readOutbox(app).find((m) => m.to.includes(member.email))!
    expect(mail.subject).toBe('Your sign-in link for Patronage')

    const rows = await app.db
      .selectFrom('login_tokens')
      .select(['token_hash', sql<number>`extract(epoch from expires_at - created_at)::int`.as('ttl')])
      .where('email', '=', member.email)
      .execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]!.token_hash).toBe(createHash('sha256').update(token).digest('hex'))
    expect(rows[0]!.token_hash).not.toContain(token)
    expect(rows[0]!.ttl).toBe(15 * 60)
  })

  it('normalises the address and refuses one that is not an email', async () => {
    const member = await createMember(app.db)
    const res = await app.api('POST', '/v1/auth/magic-link', {
      body: { email: ` ${member.email.toUpperCase()} ` },
    })
    expect(res.status).toBe(202)
    expect(linksTo(app, member.email)).toHaveLength(1)
    const bad = await app.api('POST', '/v1/auth/magic-link', { body: { email: 'not-an-email' } })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ type: '/problems/validation', errors: [{ path: 'body.email' }] })
  })
})

describe('POST /v1/auth/token with a magic-link token', () => {
  it('signs a member in as patron with entitlements and tier from the database', async () => {
    const member = await createMember(app.db, { status: 'active' })
    const res = await redeem(await requestLoginToken(app, member.email))
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 })
    expect(res.body.refreshToken).toMatch(/^[\w-]{43}$/)
    const { header, payload } = decodeJwt(res.body.accessToken)
    expect(header.alg).toBe('HS256')
    expect(payload).toMatchObject({
      iss: 'http://patronage.test',
      aud: 'patronage',
      sub: member.id,
      role: 'patron',
      ent: ['vote'],
      tier: null,
    })
    expect(payload.exp - payload.iat).toBe(900)
    expect(payload.jti).toEqual(expect.any(String))
  })

  it('gives a member who is not entitled an empty ent', async () => {
    const member = await createMember(app.db, { status: 'canceled' })
    const res = await redeem(await requestLoginToken(app, member.email))
    expect(decodeJwt(res.body.accessToken).payload).toMatchObject({ role: 'patron', ent: [] })
  })

  it('signs a staff address in with its staff role', async () => {
    const staff = await createStaff(app.db, 'analyst')
    const res = await redeem(await requestLoginToken(app, staff.email))
    expect(res.status).toBe(200)
    const { payload } = decodeJwt(res.body.accessToken)
    expect(payload).toMatchObject({ sub: staff.id, role: 'analyst' })
    expect(payload.ent).toBeUndefined()
  })

  it('makes an unknown address a member (status none) when its link is used', async () => {
    const email = uniqueEmail('newcomer')
    const res = await redeem(await requestLoginToken(app, email))
    expect(res.status).toBe(200)
    const member = await app.db
      .selectFrom('members')
      .select(['id', 'status'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow()
    expect(member.status).toBe('none')
    expect(decodeJwt(res.body.accessToken).payload).toMatchObject({ sub: member.id, role: 'patron', ent: [] })
  })

  it('works once: a second use is 401', async () => {
    const member = await createMember(app.db)
    const token = await requestLoginToken(app, member.email)
    expect((await redeem(token)).status).toBe(200)
    const again = await redeem(token)
    expect(again.status).toBe(401)
    expect(again.body).toMatchObject({ type: '/problems/unauthenticated' })
  })

  it('works once under concurrent redemption', async () => {
    const member = await createMember(app.db)
    const token = await requestLoginToken(app, member.email)
    const answers = await Promise.all(Array.from({ length: 8 }, () => redeem(token)))
    expect(answers.map((r) => r.status).sort()).toEqual([200, 401, 401, 401, 401, 401, 401, 401])
    const sessions = await app.db
      .selectFrom('refresh_tokens')
      .select('id')
      .where('member_id', '=', member.id)
      .execute()
    expect(sessions).toHaveLength(1)
  })

  it('refuses an expired, an unknown and a malformed token', async () => {
    const member = await createMember(app.db)
    const token = await requestLoginToken(app, member.email)
    // Issued 16 minutes ago (created_at moves too: a token must expire after it was created).
    await sql`
      update login_tokens set created_at = now() - interval '16 minutes', expires_at = now() - interval '1 minute'
      where email = ${member.email}`.execute(app.db)
    expect((await redeem(token)).status).toBe(401)
    expect((await redeem('A'.repeat(43))).status).toBe(401)
    const malformed = await redeem('not a token!')
    expect(malformed.status).toBe(400)
    const both = await app.api('POST', '/v1/auth/token', { body: { token, checkoutSessionId: 'cs_test_1' } })
    expect(both.status).toBe(400)
    const neither = await app.api('POST', '/v1/auth/token', { body: {} })
    expect(neither.status).toBe(400)
  })
})
