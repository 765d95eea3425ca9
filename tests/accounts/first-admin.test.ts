import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { newSetupToken } from '../../src/accounts/first-admin.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { linksTo } from './helpers.js'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

const staffCount = async () => (await app.db.selectFrom('staff').select('id').execute()).length

describe('the first-admin setup link', () => {
  it('refuses a forged, malformed or expired token and changes nothing', async () => {
    const valid = newSetupToken(app.config)
    const [expires] = valid.split('.')
    const forged = `${Number(expires) + 60}.${valid.split('.')[1]}`
    const expired = newSetupToken(app.config, Date.now() - 2 * 3_600_000)
    for (const token of [forged, expired, 'nope', `${valid}x`]) {
      const res = await app.api('POST', '/setup', { body: { token, email: 'chief@newsroom.test' } })
      expect(res.status, token).toBe(401)
      expect(res.body.type).toBe('/problems/unauthenticated')
    }
    expect((await app.api('POST', '/setup', { body: { token: valid, email: 'not-an-email' } })).status).toBe(
      400,
    )
    expect((await app.api('GET', `/setup?token=${expired}`)).status).toBe(401)
    expect(await staffCount()).toBe(0)
  })

  it('shows a form, and creates exactly one admin however many posts race', async () => {
    const token = newSetupToken(app.config)
    const page = await app.api('GET', `/setup?token=${token}`)
    expect(page.status).toBe(200)
    expect(page.text).toContain(`name="token" value="${token}"`)

    const emails = Array.from({ length: 6 }, (_, i) => `chief${i}@newsroom.test`)
    const answers = await Promise.all(
      emails.map((email) => app.api('POST', '/setup', { body: { token, email } })),
    )
    const created = answers.filter((a) => a.status === 201)
    expect(created).toHaveLength(1)
    expect(answers.filter((a) => a.status === 409)).toHaveLength(5)
    expect(created[0]!.body).toMatchObject({ role: 'admin' })
    expect(await staffCount()).toBe(1)
    // The new admin is mailed a sign-in link.
    await expect.poll(() => linksTo(app, created[0]!.body.email).length).toBe(1)

    expect((await app.api('GET', `/setup?token=${token}`)).status).toBe(409)
  })

  it('accepts the HTML form (urlencoded) as well', async () => {
    const other = await startTestApp()
    try {
      const res = await fetch(`${other.url}/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: newSetupToken(other.config),
          email: 'Editor@Newsroom.test',
          newsroomName: 'The Kyiv Ledger',
        }),
      })
      expect(res.status).toBe(201)
      const page = await res.text()
      expect(page).toContain('editor@newsroom.test is now an admin')
      // The newsroom's name asked there is kept in its settings and shown at once.
      expect(page).toContain('The Kyiv Ledger</a>')
      const rows = await other.db.selectFrom('staff').select(['email', 'role']).execute()
      expect(rows).toEqual([{ email: 'editor@newsroom.test', role: 'admin' }])
      const settings = await other.db
        .selectFrom('newsroom_settings')
        .select(['name', 'sender_name'])
        .execute()
      // The sender name was only the default name: mails now come from the newsroom's.
      expect(settings).toEqual([{ name: 'The Kyiv Ledger', sender_name: 'The Kyiv Ledger' }])
    } finally {
      await other.close()
    }
  })

  it('answers a refused HTML form with a page saying why, not problem+json', async () => {
    const other = await startTestApp()
    afterAll(() => other.close())
    const post = (body: string) =>
      fetch(`${other.url}/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      })
    const token = newSetupToken(other.config)
    const cases: [string, number, string][] = [
      [new URLSearchParams({ token, email: 'not-an-email' }).toString(), 400, '<h1>Set up Patronage</h1>'],
      [`token=${token}&email=a%00@newsroom.test`, 400, 'Something in what was sent is not valid'],
      [
        new URLSearchParams({ token: 'forged', email: 'chief@newsroom.test' }).toString(),
        401,
        'This setup link is unknown or expired',
      ],
      [`token=${'a'.repeat(120_000)}`, 413, 'What you sent is too large'],
    ]
    for (const [body, status, says] of cases) {
      const res = await post(body)
      expect(res.status, body.slice(0, 60)).toBe(status)
      expect(res.headers.get('content-type')).toContain('text/html')
      const html = await res.text()
      expect(html, body.slice(0, 60)).toContain(says)
      expect(html).toContain('name="viewport"')
    }
    expect(await other.db.selectFrom('staff').select('id').execute()).toEqual([])
  })

  it('answers a JSON client in JSON and a browser in HTML, whatever the body', async () => {
    const other = await startTestApp()
    onTestFinished(() => other.close())
    const token = newSetupToken(other.config)
    const call = async (method: string, path: string, headers: Record<string, string>, body?: string) => {
      const res = await fetch(other.url + path, { method, headers, body, redirect: 'manual' })
      return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }
    }
    const json = { accept: 'application/json' }
    const html = { accept: 'text/html' }
    const form = { 'content-type': 'application/x-www-form-urlencoded' }

    // A valid link asked for as JSON: the page has no JSON form, and nothing is created.
    const asked = await call('GET', `/setup?token=${token}`, json)
    expect(asked.status).toBe(406)
    expect(asked.type).toContain('application/problem+json')
    expect(JSON.parse(asked.text)).toMatchObject({ type: '/problems/not-acceptable', code: 'not-acceptable' })
    const shown = await call('GET', `/setup?token=${token}`, html)
    expect(shown.status).toBe(200)
    expect(shown.type).toContain('text/html')

    // A body that is not JSON, from a client that asks for JSON: problem+json, never the form again.
    for (const [headers, body] of [
      [{ ...json, 'content-type': 'text/plain' }, `token=${token}&email=chief@newsroom.test`],
      [{ ...json, ...form }, new URLSearchParams({ token, email: 'not-an-email' }).toString()],
      [json, undefined],
    ] as const) {
      const refused = await call('POST', '/setup', headers, body)
      expect(refused.status, JSON.stringify(headers)).toBe(400)
      expect(refused.type, JSON.stringify(headers)).toContain('application/problem+json')
    }
    expect(await other.db.selectFrom('staff').select('id').execute()).toEqual([])

    // The form's own body, from a client that asks for JSON: the admin, as JSON.
    const body = new URLSearchParams({ token, email: 'Chief@Newsroom.test' }).toString()
    const created = await call('POST', '/setup', { ...json, ...form }, body)
    expect(created.status).toBe(201)
    expect(created.type).toContain('application/json')
    expect(JSON.parse(created.text)).toMatchObject({ email: 'chief@newsroom.test', role: 'admin' })

    // Once done, each client hears it in its own kind: the refusal comes before the 406.
    const doneJson = await call('GET', `/setup?token=${token}`, json)
    expect(doneJson.status).toBe(409)
    expect(JSON.parse(doneJson.text)).toMatchObject({ code: 'setup-done' })
    for (const [method, headers, sent] of [
      ['GET', html, undefined],
      ['POST', { ...html, ...form }, body],
    ] as const) {
      const done = await call(method, `/setup?token=${token}`, headers, sent)
      expect(done.status, method).toBe(409)
      expect(done.type, method).toContain('text/html')
      // Not a dead end: the page leads to signing in, not only home.
      expect(done.text, method).toMatch(/<a href="\/login" class="button">Sign in<\/a>/)
    }
  })
})
