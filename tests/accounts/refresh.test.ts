import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, createStaff } from '../helpers/factories.js'
import { decodeJwt, signIn } from './helpers.js'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp({ LOGIN_LIMIT_PER_IP: '1000' })
})
afterAll(() => app.close())

const refresh = (refreshToken: string) => app.api('POST', '/v1/auth/refresh', { body: { refreshToken } })

describe('POST /v1/auth/refresh', () => {
  it('rotates: new tokens, and the presented refresh token stops working', async () => {
    const member = await createMember(app.db, { status: 'active' })
    const first = await signIn(app, member.email)
    const second = await refresh(first.refreshToken)
    expect(second.status).toBe(200)
    expect(second.headers.get('cache-control')).toBe('no-store')
    expect(second.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 })
    expect(second.body.refreshToken).not.toBe(first.refreshToken)
    expect(decodeJwt(second.body.accessToken).payload).toMatchObject({
      sub: member.id,
      role: 'patron',
      ent: ['vote'],
    })
    expect(decodeJwt(second.body.accessToken).payload.jti).not.toBe(decodeJwt(first.accessToken).payload.jti)
    const third = await refresh(second.body.refreshToken)
    expect(third.status).toBe(200)
  })

  it('recomputes the claims: ent follows the membership, not the old token', async () => {
    const member = await createMember(app.db, { status: 'active' })
    const session = await signIn(app, member.email)
    expect(decodeJwt(session.accessToken).payload.ent).toEqual(['vote'])
    await app.db.updateTable('members').set({ status: 'canceled' }).where('id', '=', member.id).execute()
    const next = await refresh(session.refreshToken)
    expect(decodeJwt(next.body.accessToken).payload.ent).toEqual([])
  })

  it('treats reuse of a rotated token as theft: 401, and every token of its family is revoked', async () => {
    const member = await createMember(app.db)
    const first = await signIn(app, member.email)
    const second = await refresh(first.refreshToken)
    expect(second.status).toBe(200)

    const replay = await refresh(first.refreshToken)
    expect(replay.status).toBe(401)
    expect(replay.body).toMatchObject({ type: '/problems/unauthenticated' })
    // The thief's or the owner's newer token: both dead now.
    expect((await refresh(second.body.refreshToken)).status).toBe(401)

    // Another session (another device) of the same member is a different family and lives on.
    const other = await signIn(app, member.email)
    expect((await refresh(other.refreshToken)).status).toBe(200)
  })

  it('under concurrent use of one token, issues at most one successor and detects the reuse', async () => {
    const member = await createMember(app.db)
    const session = await signIn(app, member.email)
    const answers = await Promise.all(Array.from({ length: 5 }, () => refresh(session.refreshToken)))
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1)
    expect(answers.filter((r) => r.status === 401)).toHaveLength(4)
    const winner = answers.find((r) => r.status === 200)!
    expect((await refresh(winner.body.refreshToken)).status).toBe(401)
  })

  it('refuses an unknown, an expired and a malformed refresh token', async () => {
    const member = await createMember(app.db)
    const session = await signIn(app, member.email)
    await sql`
      update refresh_tokens set created_at = now() - interval '31 days', expires_at = now() - interval '1 day'
      where member_id = ${member.id}`.execute(app.db)
    expect((await refresh(session.refreshToken)).status).toBe(401)
    // The next sign-in clears the member's expired tokens away.
    await signIn(app, member.email)
    const left = await app.db
      .selectFrom('refresh_tokens')
      .select('id')
      .where('member_id', '=', member.id)
      .execute()
    expect(left).toHaveLength(1)
    expect((await refresh('B'.repeat(43))).status).toBe(401)
    expect((await refresh('short')).status).toBe(400)
  })

  it('keeps a staff session the staff role, and ends it when the account is deleted', async () => {
    const staff = await createStaff(app.db, 'editor')
    const session = await signIn(app, staff.email)
    const next = await refresh(session.refreshToken)
    expect(decodeJwt(next.body.accessToken).payload).toMatchObject({ sub: staff.id, role: 'editor' })
    await app.db.deleteFrom('staff').where('id', '=', staff.id).execute()
    expect((await refresh(next.body.refreshToken)).status).toBe(401)
  })
})

describe('POST /v1/auth/logout', () => {
  it('answers 204 and revokes every refresh token of the caller, on every device', async () => {
    const member = await createMember(app.db)
    const phone = await signIn(app, member.email)
    const laptop = await signIn(app, member.email)
    const res = await app.api('POST', '/v1/auth/logout', { token: phone.accessToken })
    expect(res.status).toBe(204)
    expect(res.text).toBe('')
    expect((await refresh(phone.refreshToken)).status).toBe(401)
    expect((await refresh(laptop.refreshToken)).status).toBe(401)
  })

  it('leaves other people signed in', async () => {
    const alice = await signIn(app, (await createMember(app.db)).email)
    const bob = await signIn(app, (await createMember(app.db)).email)
    expect((await app.api('POST', '/v1/auth/logout', { token: alice.accessToken })).status).toBe(204)
    expect((await refresh(bob.refreshToken)).status).toBe(200)
  })

  it('signs staff out too, and needs a token', async () => {
    const staff = await createStaff(app.db, 'admin')
    const session = await signIn(app, staff.email)
    expect((await app.api('POST', '/v1/auth/logout', { token: session.accessToken })).status).toBe(204)
    expect((await refresh(session.refreshToken)).status).toBe(401)
    expect((await app.api('POST', '/v1/auth/logout')).status).toBe(401)
  })
})
