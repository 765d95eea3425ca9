import { createServer } from 'node:net'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { redeemLoginToken, requestMagicLink } from '../../src/accounts/auth.service.js'
import { StripeSimulator, TEST_STRIPE_KEY, TEST_WEBHOOK_SECRET } from '../../src/dev/stripe-simulator/api.js'
import { SESSION_COOKIE } from '../../src/web/pages.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { readOutbox } from '../helpers/outbox.js'
import { closeContexts, sharedBrowser } from './browser.js'
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

type Env = Record<string, string | undefined>

export interface BrowserApp {
  readonly app: TestApp
  readonly browser: Browser
  /** The Stripe simulator the app pays through (with `{ stripe: true }`). */
  readonly fake: StripeSimulator
}

/**
 * A browser test file's setup: its page app (on a Stripe simulator of its own if asked; `env` may be
 * a function, for values known only once earlier hooks ran) and the
 * worker's shared Chromium, ready before the file's tests. After them, every context the file left
 * open is closed (the browser stays for the worker's next file), then the app and the simulator.
 */
export function useBrowserApp(env: Env | (() => Env) = {}, options: { stripe?: boolean } = {}): BrowserApp {
  let app: TestApp | undefined
  let browser: Browser | undefined
  let fake: StripeSimulator | undefined
  beforeAll(async () => {
    const stripe: Env = {}
    if (options.stripe) {
      fake = await new StripeSimulator().start()
      Object.assign(stripe, {
        STRIPE_SECRET_KEY: TEST_STRIPE_KEY,
        STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
        STRIPE_API_BASE: fake.url,
      })
    }
    app = await startPageApp({ ...stripe, ...(typeof env === 'function' ? env() : env) })
    browser = await sharedBrowser()
  })
  afterAll(async () => {
    await closeContexts(browser)
    await app?.close()
    await fake?.stop()
  })
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useBrowserApp: used before its beforeAll ran')
    return value
  }
  return {
    get app() {
      return ready(app)
    },
    get browser() {
      return ready(browser)
    },
    get fake() {
      return ready(fake)
    },
  }
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
