import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestMagicLink } from '../../src/accounts/auth.service.js'
import { signUnsubscribe, unsubscribeKey } from '../../src/mail/unsubscribe-token.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember } from '../helpers/factories.js'
import { FormClient } from './form-client.js'
import { latestLoginToken } from './harness.js'

let https: TestApp
let plain: TestApp

beforeAll(async () => {
  // PUBLIC_URL only says how browsers reach the service (behind a TLS proxy); the test talks http.
  https = await startTestApp({ PUBLIC_URL: 'https://patrons.example.org' })
  plain = await startTestApp({ DEFAULT_LOCALE: 'uk' })
})
afterAll(async () => {
  await https?.close()
  await plain?.close()
})

/** A GET with exactly these headers (fetch would add `Accept-Language: *` on its own). */
function get(app: TestApp, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; cookies: string[] }>((resolve, reject) => {
    const req = httpRequest(app.url + path, { headers: { accept: 'text/html', ...headers } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => {
        body += chunk
      })
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, cookies: res.headers['set-cookie'] ?? [] }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

const attributes = (line: string) => line.split(';').map((p) => p.trim().toLowerCase())

async function signIn(app: TestApp) {
  const member = await createMember(app.db, { status: 'active' })
  await requestMagicLink(app.deps, member.email, null)
  const browser = new FormClient(app.url)
  await browser.get(`/login?token=${latestLoginToken(app, member.email)}`)
  const confirmed = await browser.post('/login/confirm', { token: latestLoginToken(app, member.email) })
  expect(confirmed.status).toBe(303)
  return { browser, setCookies: confirmed.headers.getSetCookie() }
}

describe('cookies when PUBLIC_URL is https', () => {
  it('names the session and CSRF cookies __Host-, Secure, Path=/, without Domain', async () => {
    const { browser, setCookies } = await signIn(https)
    const session = setCookies.find((c) => c.startsWith('__Host-patronage_session='))
    expect(session).toBeDefined()
    const csrf = (await get(https, '/login')).cookies.find((c) => c.startsWith('__Host-patronage_csrf='))
    expect(csrf).toBeDefined()
    for (const line of [session!, csrf!]) {
      const attrs = attributes(line)
      expect(attrs).toContain('secure')
      expect(attrs).toContain('path=/')
      expect(attrs).toContain('httponly')
      expect(attrs.some((a) => a.startsWith('domain='))).toBe(false)
    }
    expect([...browser.cookies.keys()].some((name) => !name.startsWith('__Host-'))).toBe(false)

    // The session is read under its prefixed name only: a cookie a sibling subdomain could plant
    // without the prefix signs nobody in.
    expect((await browser.get('/account')).status).toBe(200)
    const token = browser.cookies.get('__Host-patronage_session')!
    const planted = await get(https, '/account', { cookie: `patronage_session=${token}` })
    expect(planted.status).toBe(303)
  })

  it('gives the language cookie Secure too', async () => {
    const res = await get(https, '/login?lang=uk')
    const lang = res.cookies.find((c) => c.startsWith('patronage_lang='))
    expect(lang).toBeDefined()
    expect(attributes(lang!)).toContain('secure')
  })

  it('keeps plain names without Secure over http (a browser refuses __Host- there)', async () => {
    const res = await get(plain, '/login?lang=en')
    expect(res.cookies.some((c) => c.startsWith('patronage_csrf='))).toBe(true)
    expect(res.cookies.some((c) => c.startsWith('__Host-'))).toBe(false)
    expect(res.cookies.every((c) => !attributes(c).includes('secure'))).toBe(true)
  })
})

describe('the language of a request that names none', () => {
  const unsubscribe = async (app: TestApp) => {
    const member = await createMember(app.db)
    return `/unsubscribe?token=${signUnsubscribe(unsubscribeKey(app.config), { memberId: member.id, kind: 'rounds' })}`
  }
  const langOf = (html: string) => /<html lang="(\w+)"/.exec(html)?.[1]

  it.each([
    ['no Accept-Language', {}],
    ['Accept-Language: *', { 'accept-language': '*' }],
    ['only languages we lack', { 'accept-language': 'fr, de;q=0.5' }],
  ])('the unsubscribe page answers in DEFAULT_LOCALE to %s', async (_label, headers) => {
    expect(langOf((await get(https, await unsubscribe(https), headers)).body)).toBe('en')
    expect(langOf((await get(plain, await unsubscribe(plain), headers)).body)).toBe('uk')
  })

  it('and in the language asked for when we have it', async () => {
    expect(langOf((await get(https, await unsubscribe(https), { 'accept-language': 'uk' })).body)).toBe('uk')
    expect(langOf((await get(plain, await unsubscribe(plain), { 'accept-language': 'en-GB' })).body)).toBe(
      'en',
    )
  })

  it('pages likewise fall back to DEFAULT_LOCALE', async () => {
    expect(langOf((await get(plain, '/login')).body)).toBe('uk')
    expect(langOf((await get(plain, '/login', { 'accept-language': '*' })).body)).toBe('uk')
    expect(langOf((await get(https, '/login')).body)).toBe('en')
  })
})
