import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestMagicLink } from '../../src/accounts/auth.service.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, uniqueEmail } from '../helpers/factories.js'
import { FormClient } from './form-client.js'
import { latestLoginToken } from './harness.js'

/**
 * Every page that takes `next=` (the sign-in form, its "check your inbox" page, the mailed link's
 * page, the confirm post, the guard of signed-in pages) against values a browser would read as
 * another origin once the URL parser has normalised them.
 */

let app: TestApp
const ORIGIN = 'http://patronage.test'

beforeAll(async () => {
  app = await startTestApp({ LOGIN_LIMIT_PER_EMAIL: '1000', LOGIN_LIMIT_PER_IP: '1000' })
})
afterAll(() => app?.close())

const hostile = [
  '//evil.example',
  '/.//evil.example',
  '/..//evil.example',
  '/%2e%2e//evil.example',
  '/%2E//evil.example',
  '/%2e//evil.example',
  '/a/..//evil.example',
  '/a/b/../..//evil.example',
  '/././/evil.example',
  '\\\\evil.example',
  '/\\evil.example',
  '/.\\/evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/%09/evil.example',
  '/ /evil.example',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'https://evil.example/',
  'http:/evil.example',
  '///evil.example',
  '/%2F%2Fevil.example',
  '/%5Cevil.example',
  'evil.example',
  '',
]

/** A Location or a link that a browser resolves to this site, by a path of its own. */
function expectSameSite(location: string | null | undefined) {
  if (location === null || location === undefined) return
  expect(location.startsWith('/')).toBe(true)
  expect(location.startsWith('//')).toBe(false)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  expect(location).not.toMatch(/[\\\u0000-\u001f]/)
  expect(new URL(location, ORIGIN).origin).toBe(ORIGIN)
}

const hiddenNext = (html: string) => {
  const raw = /name="next" value="([^"]*)"/.exec(html)?.[1]
  return raw
    ?.replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
}

describe.each(hostile)('next=%j', (next) => {
  it('POST /login/confirm redirects to a path of this site', async () => {
    const member = await createMember(app.db)
    await requestMagicLink(app.deps, member.email, null)
    const browser = new FormClient(app.url)
    const token = latestLoginToken(app, member.email)
    const shown = await browser.get(`/login?token=${token}&next=${encodeURIComponent(next)}`)
    expect(shown.status).toBe(200)
    expectSameSite(hiddenNext(shown.text))
    const res = await browser.post('/login/confirm', { token, next })
    expect(res.status).toBe(303)
    expectSameSite(res.location)
  })

  it('the sign-in form and its "check your inbox" page keep only a path of this site', async () => {
    const browser = new FormClient(app.url)
    const form = await browser.get(`/login?next=${encodeURIComponent(next)}`)
    expect(form.status).toBe(200)
    expectSameSite(hiddenNext(form.text))
    const sent = await browser.post('/login', { email: uniqueEmail(), next })
    expect(sent.status).toBe(303)
    const kept = new URL(sent.location!, ORIGIN).searchParams.get('next')
    expectSameSite(kept)
    const page = await browser.get(sent.location!)
    const retry = /href="(\/login\?next=[^"]*)"/.exec(page.text)?.[1]
    if (retry) expectSameSite(new URL(retry.replace(/&amp;/g, '&'), ORIGIN).searchParams.get('next'))
  })
})

describe('the guard of signed-in pages', () => {
  it.each(['/account', '/account?x=//evil.example', '/rounds/../account'])(
    'sends %s to sign in with a next= of this site',
    async (path) => {
      const res = await new FormClient(app.url).get(path)
      if (res.status !== 303) return expect(res.status).toBe(404)
      expect(res.location!.startsWith('/login?next=')).toBe(true)
      expectSameSite(new URL(res.location!, ORIGIN).searchParams.get('next'))
    },
  )
})
