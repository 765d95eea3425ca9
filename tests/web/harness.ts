import { createServer } from 'node:net'
import type { BrowserContext } from 'playwright-core'
import { redeemLoginToken, requestMagicLink } from '../../src/accounts/auth.service.js'
import { SESSION_COOKIE } from '../../src/web/pages.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { readOutbox } from '../helpers/outbox.js'
import { FormClient } from './form-client.js'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

/**
 * The app with PUBLIC_URL set to where it really listens, so links in mails and Stripe's return URLs
 * lead a browser back to it.
 */
export function startPageApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  return startTestApp((port) => ({ PUBLIC_URL: `http://127.0.0.1:${port}`, ...env }))
}

/** The token of the newest sign-in link mailed to this address. */
export function latestLoginToken(app: TestApp, email: string): string {
  const mail = readOutbox(app)
    .filter((m) => m.to.includes(email))
    .at(-1)
  const token = mail && /[?&]token=([\w-]+)/.exec(mail.text)?.[1]
  if (!token) throw new Error(`no sign-in link mailed to ${email}`)
  return token
}

/** Signs a browser context in as this email through the real magic-link path (not the pages). */
export async function signInContext(app: TestApp, context: BrowserContext, email: string): Promise<string> {
  await requestMagicLink(app.deps, email, null)
  const { refreshToken } = await redeemLoginToken(app.deps, latestLoginToken(app, email))
  await context.addCookies([{ name: SESSION_COOKIE, value: refreshToken, url: app.url }])
  return refreshToken
}

/** A FormClient signed in as this email through the sign-in link's pages (GET, then the button's post). */
export async function signedInClient(app: TestApp, email: string): Promise<FormClient> {
  const browser = new FormClient(app.url)
  await requestMagicLink(app.deps, email, null)
  const token = latestLoginToken(app, email)
  await browser.get(`/login?token=${token}`)
  const confirmed = await browser.post('/login/confirm', { token })
  if (confirmed.status !== 303) throw new Error(`sign-in refused: ${confirmed.status}`)
  return browser
}
