import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, createStaff, patronToken, staffToken } from '../helpers/factories.js'

let app: TestApp
let adminToken: string
beforeAll(async () => {
  app = await startTestApp()
  adminToken = staffToken(app.deps, await createStaff(app.db, 'admin'))
})
afterAll(() => app.close())

const roundBody = () => ({
  title: 'What next?',
  opensAt: new Date(Date.now() - 60_000).toISOString(),
  closesAt: new Date(Date.now() + 3_600_000).toISOString(),
  votesPerMember: 1,
  resultsVisibility: 'live',
})
const createRound = (token: string) => app.api('POST', '/v1/admin/rounds', { token, body: roundBody() })
const setRole = (email: string, role: string) =>
  app.api('POST', '/v1/admin/staff', { token: adminToken, body: { email, role } })
const roundCount = async () =>
  (
    await app.db
      .selectFrom('rounds')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n

describe('staff changes take effect on the very next request, whatever the access token says', () => {
  it('a removed editor’s unexpired token is refused (401) and creates nothing', async () => {
    const editor = await createStaff(app.db, 'editor')
    const token = staffToken(app.deps, editor)
    expect((await createRound(token)).status).toBe(201)

    expect((await app.api('DELETE', `/v1/admin/staff/${editor.id}`, { token: adminToken })).status).toBe(204)
    const before = await roundCount()
    const res = await createRound(token)
    expect(res.status).toBe(401)
    expect(res.body).toMatchObject({ type: '/problems/unauthenticated' })
    expect(await roundCount()).toBe(before)
    expect((await app.api('GET', '/v1/admin/rounds', { token })).status).toBe(401)
  })

  it('a demoted editor is judged by the new role: 403 for editor work, allowed analyst work', async () => {
    const editor = await createStaff(app.db, 'editor')
    const token = staffToken(app.deps, editor)
    expect((await setRole(editor.email, 'analyst')).status).toBe(200)
    const before = await roundCount()
    const res = await createRound(token)
    expect(res.status).toBe(403)
    expect(res.body).toMatchObject({ type: '/problems/forbidden' })
    expect(await roundCount()).toBe(before)
    expect((await app.api('GET', '/v1/admin/reports/summary', { token })).status).toBe(200)
  })

  it('a demoted admin loses admin work at once; a promoted analyst gains it at once', async () => {
    const admin = await createStaff(app.db, 'admin')
    const adminsToken = staffToken(app.deps, admin)
    expect((await app.api('GET', '/v1/admin/staff', { token: adminsToken })).status).toBe(200)
    expect((await setRole(admin.email, 'editor')).status).toBe(200)
    expect((await app.api('GET', '/v1/admin/staff', { token: adminsToken })).status).toBe(403)
    expect((await createRound(adminsToken)).status).toBe(201)

    const analyst = await createStaff(app.db, 'analyst')
    const analystsToken = staffToken(app.deps, analyst)
    expect((await createRound(analystsToken)).status).toBe(403)
    expect((await setRole(analyst.email, 'admin')).status).toBe(200)
    expect((await app.api('GET', '/v1/admin/staff', { token: analystsToken })).status).toBe(200)
  })

  it('leaves patrons as their token says', async () => {
    const member = await createMember(app.db, { status: 'active' })
    const token = patronToken(app.deps, member)
    expect((await app.api('GET', '/v1/me', { token })).status).toBe(200)
    expect((await createRound(token)).status).toBe(403)
  })
})
