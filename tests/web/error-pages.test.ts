import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redeemLoginToken, requestMagicLink } from '../../src/accounts/auth.service.js'
import { newSetupToken } from '../../src/accounts/first-admin.js'
import { connectDatabase } from '../../src/db/connect.js'
import { SESSION_COOKIE } from '../../src/web/pages.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, createStaff } from '../helpers/factories.js'
import { latestLoginToken } from './harness.js'

/**
 * One error path: pages answer errors from the API's classifier, as pages in the reader's language;
 * a JSON client gets problem+json from every route. Last, the database goes away (a cut proxy to the
 * Postgres server, or the embedded database closed) and every page says "back in a moment".
 */

/** A TCP proxy to the Postgres server that a test can cut, as if the server stopped. */
async function cuttableProxy(target: URL) {
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(Number(target.port || 5432), target.hostname)
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => {})
    }
    client.pipe(upstream).pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  return {
    url: (url: string) => Object.assign(new URL(url), { host: `127.0.0.1:${port}` }).toString(),
    cut: () => {
      server.close()
      for (const s of sockets) s.destroy()
    },
  }
}

let app: TestApp
let stopDatabase: () => Promise<void>
let sessionCookie: string

beforeAll(async () => {
  let proxy: Awaited<ReturnType<typeof cuttableProxy>> | undefined
  if (process.env.TEST_DATABASE_URL) proxy = await cuttableProxy(new URL(process.env.TEST_DATABASE_URL))
  app = await startTestApp(
    { STRIPE_SECRET_KEY: 'sk_test_unreachable', STRIPE_API_BASE: 'http://127.0.0.1:9' },
    (d) =>
      proxy && d.url
        ? connectDatabase({
            url: proxy.url(d.url),
            preparedStatements: process.env.DATABASE_PREPARED_STATEMENTS !== 'false',
          })
        : d.db,
  )
  stopDatabase = proxy ? async () => proxy.cut() : () => app.db.destroy()
  const patron = await createMember(app.db, { status: 'active' })
  await app.db
    .updateTable('members')
    .set({ stripe_customer_id: 'cus_gone' })
    .where('id', '=', patron.id)
    .execute()
  await requestMagicLink(app.deps, patron.email, null)
  const { refreshToken } = await redeemLoginToken(app.deps, latestLoginToken(app, patron.email))
  sessionCookie = `${SESSION_COOKIE}=${refreshToken}`
}, 60_000)
afterAll(() => app.close())

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(app.url + path, {
    redirect: 'manual',
    headers: { accept: 'text/html', ...headers },
  })
  return {
    status: res.status,
    headers: res.headers,
    type: res.headers.get('content-type') ?? '',
    text: await res.text(),
  }
}

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(app.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  })
  return {
    status: res.status,
    headers: res.headers,
    type: res.headers.get('content-type') ?? '',
    text: await res.text(),
  }
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''

describe('page errors, from the same classifier as the API', () => {
  it('answers a refused request with a 400 page saying what was wrong, not "Page not found"', async () => {
    const res = await get('/login?next=%00')
    expect(res.status).toBe(400)
    expect(res.type).toContain('text/html')
    expect(res.text).toContain('This could not be done')
    expect(res.text).toContain('Something in what was sent is not valid')
    expect(res.text).not.toContain('Page not found')
  })

  it('answers a 409 with the rule that refused, in the reader’s language', async () => {
    await createStaff(app.db, 'admin')
    const res = await get(`/setup?token=${newSetupToken(app.config)}`, { 'accept-language': 'uk' })
    expect(res.status).toBe(409)
    expect(res.type).toContain('text/html')
    expect(res.text).toContain('Обліковий запис персоналу вже існує')
    expect(res.text).toContain('name="viewport"')
  })

  it('has its own page when Stripe cannot be reached', async () => {
    const page = await get('/account', { cookie: sessionCookie })
    expect(page.status).toBe(200)
    const res = await post('/account/billing', `_csrf=${csrfOf(page.text)}`, {
      cookie: sessionCookie,
      origin: app.config.publicUrl,
    })
    expect(res.status).toBe(503)
    expect(res.type).toContain('text/html')
    expect(res.text).toContain('Payments are unavailable')

    // The same form from a JSON client is refused before it runs (no call to Stripe, so no 503).
    const fromScript = await post('/account/billing', `_csrf=${csrfOf(page.text)}`, {
      cookie: sessionCookie,
      origin: app.config.publicUrl,
      accept: 'application/json',
    })
    expect(fromScript.status).toBe(406)
    expect(fromScript.type).toContain('application/problem+json')
  }, 30_000)

  it('answers a JSON client with problem+json on page routes, /setup included', async () => {
    const csrf = await post('/login', 'email=a%40example.test', { accept: 'application/json' })
    expect(csrf.status).toBe(403)
    expect(csrf.type).toContain('application/problem+json')
    expect(JSON.parse(csrf.text)).toMatchObject({ type: '/problems/forbidden', code: 'csrf-invalid' })

    const nul = await get('/login?next=%00', { accept: 'application/json' })
    expect(nul.status).toBe(400)
    expect(nul.type).toContain('application/problem+json')

    const page = await get('/login', { accept: 'application/json' })
    expect(page.status).toBe(406)
    expect(page.type).toContain('application/problem+json')
    expect(JSON.parse(page.text)).toMatchObject({ type: '/problems/not-acceptable', code: 'not-acceptable' })

    const setup = await get('/setup?token=forged', { accept: 'application/json' })
    expect(setup.type).toContain('application/problem+json')
    expect(JSON.parse(setup.text).code).toMatch(/setup-done|setup-link-invalid/)

    const form = await post('/setup', 'token=forged&email=chief%40newsroom.test', {
      accept: 'application/json',
    })
    expect(form.status).toBe(401)
    expect(form.type).toContain('application/problem+json')
    expect(JSON.parse(form.text)).toMatchObject({ code: 'setup-link-invalid' })
  })
})

describe('with the database away', () => {
  beforeAll(async () => {
    expect((await get('/')).status).toBe(200)
    await stopDatabase()
  })

  it('a page without a session is a 503 "back in a moment" in the reader’s language, with Retry-After', async () => {
    const en = await get('/')
    expect(en.status).toBe(503)
    expect(en.type).toContain('text/html')
    expect(en.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(en.text).toContain('We’ll be back in a moment')
    const uk = await get('/', { 'accept-language': 'uk' })
    expect(uk.status).toBe(503)
    expect(uk.text).toContain('Ми повернемося за мить')
  })

  it('a page with a session is a page too, never problem+json', async () => {
    for (const path of ['/account', '/rounds', '/no-such-page']) {
      const res = await get(path, { cookie: sessionCookie })
      expect(res.status, path).toBe(503)
      expect(res.type, path).toContain('text/html')
      expect(res.text, path).toContain('We’ll be back in a moment')
    }
    const form = await post('/login', 'email=a%40example.test', { cookie: sessionCookie })
    expect(form.status).toBe(503)
    expect(form.type).toContain('text/html')
  })

  it('a JSON client still gets problem+json, from pages and the API alike', async () => {
    for (const path of ['/account', '/v1/tiers']) {
      const res = await get(path, { cookie: sessionCookie, accept: 'application/json' })
      expect(res.status, path).toBe(503)
      expect(res.type, path).toContain('application/problem+json')
      expect(JSON.parse(res.text), path).toMatchObject({
        type: '/problems/unavailable',
        code: 'database-unavailable',
      })
    }
  })
})
