import { describe, expect, it } from 'vitest'
import { a11yViolations, newContext, screenshot, type Variant, variantName } from './browser.js'
import { signInContext, useBrowserApp } from './harness.js'

const web = useBrowserApp({ SITE_NAME: 'The Kyiv Ledger', SITE_URL: 'https://ledger.example.org' })

const html = (path: string, headers: Record<string, string> = {}) =>
  fetch(web.app.url + path, { headers: { accept: 'text/html', ...headers }, redirect: 'manual' })

describe('pages share a layout, headers and assets', () => {
  it('answers an unknown page with the 404 page in the layout, under a strict CSP', async () => {
    const res = await html('/no-such-page')
    expect(res.status).toBe(404)
    const body = await res.text()
    expect(body).toMatch(/^<!doctype html><html lang="en">/)
    expect(body).toContain('The Kyiv Ledger')
    expect(body).toContain('href="https://ledger.example.org"')
    expect(body).toContain('<main id="main"')
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("style-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('keeps problem+json for API clients', async () => {
    const res = await fetch(`${web.app.url}/v1/nothing`)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
  })

  it('serves fingerprinted assets cached for a year, gzipped when asked', async () => {
    const body = await (await html('/no-such-page')).text()
    const href = /href="(\/assets\/site\.[0-9a-f]{12}\.css)"/.exec(body)?.[1]
    expect(href).toBeDefined()
    const css = await fetch(web.app.url + href!, { headers: { 'accept-encoding': 'gzip' } })
    expect(css.status).toBe(200)
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(css.headers.get('content-type')).toContain('text/css')
    expect(await css.text()).toContain('prefers-color-scheme')
    expect((await html('/assets/site.000000000000.css')).status).toBe(404)
  })

  it('names an icon on every page and answers /favicon.ico with it', async () => {
    const body = await (await html('/no-such-page')).text()
    expect(body).toMatch(/<link rel="icon" href="\/assets\/favicon\.[0-9a-f]{12}\.svg"/)
    const icon = await fetch(`${web.app.url}/favicon.ico`)
    expect(icon.status).toBe(200)
    expect(icon.headers.get('content-type')).toBe('image/svg+xml')
    expect(await icon.text()).toContain('<svg')
  })

  it('picks the language from ?lang=, then its cookie, then Accept-Language', async () => {
    const chosen = await html('/missing?lang=uk')
    expect(await chosen.text()).toContain('<html lang="uk">')
    const cookie = chosen.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/patronage_lang=uk/)
    expect(cookie).toMatch(/HttpOnly/i)
    const remembered = await html('/missing', {
      cookie: 'patronage_lang=uk',
      'accept-language': 'en',
    })
    expect(await remembered.text()).toContain('Сторінку не знайдено')
    const byHeader = await html('/missing', { 'accept-language': 'uk-UA,uk;q=0.9,en;q=0.5' })
    expect(await byHeader.text()).toContain('<html lang="uk">')
    const fallback = await html('/missing', { 'accept-language': 'de' })
    expect(await fallback.text()).toContain('<html lang="en">')
  })
})

describe('sessions and CSRF', () => {
  it('refuses a sign-out without the form token or from another origin, and the session survives', async () => {
    const context = await newContext(web.browser, { width: 1280, scheme: 'light', locale: 'en', js: true })
    const refresh = await signInContext(web.app, context, 'reader@example.org')
    const cookie = `patronage_session=${refresh}`
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${web.app.url}/logout`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
        body,
      })
    expect((await post({}, '')).status).toBe(403)
    expect((await post({}, '_csrf=forged')).status).toBe(403)

    // The real token, read from the page, but posted from another site.
    const page = await context.newPage()
    await page.goto(`${web.app.url}/missing`)
    const token = await page.locator('form[action="/logout"] input[name="_csrf"]').inputValue()
    expect((await post({ origin: 'https://evil.example' }, `_csrf=${token}`)).status).toBe(403)
    expect(await page.locator('form[action="/logout"]').count()).toBe(1)

    // Still signed in: the page shows the sign-out form and the address.
    await page.reload()
    await expect(page.locator('body').textContent()).resolves.toContain('reader@example.org')
    await context.close()
  })
})

describe('look', () => {
  const variants: Variant[] = [
    { width: 390, scheme: 'light', locale: 'en', js: true },
    { width: 390, scheme: 'dark', locale: 'uk', js: false },
    { width: 1280, scheme: 'dark', locale: 'en', js: true },
    { width: 1280, scheme: 'light', locale: 'uk', js: false },
  ]
  for (const v of variants) {
    it(`the 404 page has no WCAG 2.2 A/AA violations (${variantName(v)})`, async () => {
      const context = await newContext(web.browser, v)
      const page = await context.newPage()
      const res = await page.goto(`${web.app.url}/no-such-page`)
      expect(res?.status()).toBe(404)
      expect(await page.getAttribute('html', 'lang')).toBe(v.locale)
      await screenshot(page, `404-${variantName(v)}`)
      // axe runs inside the page, so only where JavaScript runs; the server's HTML is the same.
      if (v.js) expect(await a11yViolations(page)).toEqual([])
      await context.close()
    })
  }
})
