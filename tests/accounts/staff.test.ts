import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectDatabase, embeddedDir } from '../../src/db/connect.js'
import type { StaffRole } from '../../src/db/schema.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, createStaff, patronToken, staffToken, uniqueEmail } from '../helpers/factories.js'
import { CLI_SCRIPT, migratedDataDir } from '../helpers/service-process.js'
import { signIn } from './helpers.js'

let app: TestApp
let adminToken: string
beforeAll(async () => {
  app = await startTestApp({ LOGIN_LIMIT_PER_IP: '1000' })
  adminToken = staffToken(app.deps, await createStaff(app.db, 'admin'))
})
afterAll(() => app.close())

const addStaff = (body: unknown, token = adminToken) => app.api('POST', '/v1/admin/staff', { body, token })
const deleteStaff = (id: string, token = adminToken) => app.api('DELETE', `/v1/admin/staff/${id}`, { token })

describe('who may manage staff', () => {
  const lesser = async (): Promise<[string, string][]> => [
    ['a patron', patronToken(app.deps, await createMember(app.db, { status: 'active' }))],
    ['an editor', staffToken(app.deps, await createStaff(app.db, 'editor'))],
    ['an analyst', staffToken(app.deps, await createStaff(app.db, 'analyst'))],
  ]

  it('refuses POST /v1/admin/staff to a patron, an editor and an analyst (403), and without a token (401)', async () => {
    const email = uniqueEmail('hopeful')
    for (const [who, token] of await lesser()) {
      const res = await addStaff({ email, role: 'admin' }, token)
      expect(res.status, who).toBe(403)
      expect(res.body).toMatchObject({ type: '/problems/forbidden' })
    }
    const anonymous = await app.api('POST', '/v1/admin/staff', { body: { email, role: 'admin' } })
    expect(anonymous.status).toBe(401)
    expect(anonymous.body).toMatchObject({ type: '/problems/unauthenticated' })
    const rows = await app.db.selectFrom('staff').select('id').where('email', '=', email).execute()
    expect(rows).toHaveLength(0)
  })

  it('refuses GET /v1/admin/staff to a patron, an editor and an analyst (403), and without a token (401)', async () => {
    for (const [who, token] of await lesser()) {
      expect((await app.api('GET', '/v1/admin/staff', { token })).status, who).toBe(403)
    }
    expect((await app.api('GET', '/v1/admin/staff')).status).toBe(401)
  })

  it('refuses DELETE /v1/admin/staff/:id to a patron, an editor and an analyst (403), and without a token (401)', async () => {
    const target = await createStaff(app.db, 'analyst')
    for (const [who, token] of await lesser()) {
      expect((await deleteStaff(target.id, token)).status, who).toBe(403)
    }
    expect((await app.api('DELETE', `/v1/admin/staff/${target.id}`)).status).toBe(401)
    const still = await app.db.selectFrom('staff').select('id').where('id', '=', target.id).execute()
    expect(still).toHaveLength(1)
  })
})

describe('POST /v1/admin/staff', () => {
  it('creates a staff account (201) who can then sign in with that role', async () => {
    const email = uniqueEmail('new-editor')
    const res = await addStaff({ email: email.toUpperCase(), role: 'editor' })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({ id: expect.any(String), email, role: 'editor', createdAt: expect.any(String) })
    const session = await signIn(app, email)
    const payload = JSON.parse(Buffer.from(session.accessToken.split('.')[1]!, 'base64url').toString())
    expect(payload).toMatchObject({ sub: res.body.id, role: 'editor' })
  })

  it('is idempotent: the same email again sets its role (200) and keeps its id', async () => {
    const email = uniqueEmail('changing')
    const first = await addStaff({ email, role: 'analyst' })
    const again = await addStaff({ email, role: 'analyst' })
    const promoted = await addStaff({ email, role: 'editor' })
    expect([first.status, again.status, promoted.status]).toEqual([201, 200, 200])
    expect(promoted.body).toMatchObject({ id: first.body.id, role: 'editor' })
  })

  it('answers bad input with 400 validation', async () => {
    for (const body of [
      { email: 'nope', role: 'admin' },
      { email: uniqueEmail(), role: 'owner' },
      { role: 'admin' },
    ]) {
      const res = await addStaff(body)
      expect(res.status).toBe(400)
      expect(res.body).toMatchObject({ type: '/problems/validation' })
    }
  })
})

describe('GET /v1/admin/staff', () => {
  it('pages through every staff account by email', async () => {
    for (const role of ['editor', 'analyst', 'admin'] as const) await createStaff(app.db, role)
    const all = await app.db.selectFrom('staff').select('email').orderBy('email').execute()
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2'
      const res = await app.api('GET', `/v1/admin/staff${query}`, { token: adminToken })
      expect(res.status).toBe(200)
      expect(res.body.data.length).toBeLessThanOrEqual(2)
      seen.push(...res.body.data.map((s: { email: string }) => s.email))
      cursor = res.body.nextCursor
    } while (cursor)
    expect(seen).toEqual(all.map((s) => s.email))
    expect((await app.api('GET', '/v1/admin/staff?cursor=%%%', { token: adminToken })).status).toBe(400)
    expect((await app.api('GET', '/v1/admin/staff?limit=0', { token: adminToken })).status).toBe(400)
  })
})

describe('DELETE /v1/admin/staff/:id', () => {
  it('deletes the account (204) and ends its sessions', async () => {
    const editor = await createStaff(app.db, 'editor')
    const session = await signIn(app, editor.email)
    expect((await deleteStaff(editor.id)).status).toBe(204)
    const refreshed = await app.api('POST', '/v1/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    })
    expect(refreshed.status).toBe(401)
    expect((await deleteStaff(editor.id)).status).toBe(404)
  })

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await deleteStaff('00000000-0000-4000-8000-000000000000')).status).toBe(404)
    expect((await deleteStaff('not-a-uuid')).status).toBe(400)
  })
})

describe('the last admin', () => {
  it('cannot be deleted or demoted (409), also by concurrent requests', async () => {
    const solo = await startTestApp()
    try {
      const [a, b] = [await createStaff(solo.db, 'admin'), await createStaff(solo.db, 'admin')]
      const tokenA = staffToken(solo.deps, a)
      const tokenB = staffToken(solo.deps, b)
      // Each admin deletes the other at the same moment: exactly one may succeed. The other is refused
      // as the last admin (409), or, when the deletion committed first, as a removed account (401).
      const answers = await Promise.all([
        solo.api('DELETE', `/v1/admin/staff/${b.id}`, { token: tokenA }),
        solo.api('DELETE', `/v1/admin/staff/${a.id}`, { token: tokenB }),
      ])
      expect([
        [204, 401],
        [204, 409],
      ]).toContainEqual(answers.map((r) => r.status).sort())
      const admins = await solo.db
        .selectFrom('staff')
        .select(['id', 'email'])
        .where('role', '=', 'admin')
        .execute()
      expect(admins).toHaveLength(1)
      const last = admins[0]!
      const token = last.id === a.id ? tokenA : tokenB
      const self = await solo.api('DELETE', `/v1/admin/staff/${last.id}`, { token })
      expect(self.status).toBe(409)
      expect(self.body).toMatchObject({ type: '/problems/conflict' })
      const demote = await solo.api('POST', '/v1/admin/staff', {
        body: { email: last.email, role: 'editor' },
        token,
      })
      expect(demote.status).toBe(409)
    } finally {
      await solo.close()
    }
  })
})

describe('npm run cli -- staff add', () => {
  it('creates an account, and refuses to demote the last admin as POST /v1/admin/staff does', async () => {
    // Already migrated: the test is about the CLI's rule, not about a first start.
    const dataDir = migratedDataDir('patronage-cli-')
    const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent', NODE_ENV: 'test' }
    const run = (...args: string[]) => promisify(execFile)(process.execPath, [CLI_SCRIPT, ...args], { env })
    try {
      const first = await run('staff', 'add', 'Chief@Newsroom.test', '--role', 'admin')
      expect(first.stdout).toMatch(/^chief@newsroom\.test is admin \(id [0-9a-f-]{36}\)/)
      const demoted = await run('staff', 'add', 'chief@newsroom.test', '--role', 'analyst').catch((e) => e)
      expect(demoted).toMatchObject({ code: 1 })
      expect(demoted.stderr).toContain(
        'The last admin cannot be removed or demoted; make another admin first.',
      )
      await expect(run('staff', 'add', 'chief@newsroom.test', '--role', 'owner')).rejects.toMatchObject({
        code: 2,
      })

      const db = connectDatabase({ pgliteDir: embeddedDir(dataDir) })
      const rows = await db.selectFrom('staff').select(['email', 'role']).execute()
      await db.destroy()
      expect(rows).toEqual([{ email: 'chief@newsroom.test', role: 'admin' as StaffRole }])
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 180_000) // two processes, each opening an embedded database on disk
})
