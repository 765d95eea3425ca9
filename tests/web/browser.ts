import type { EventEmitter } from 'node:events'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'

/** Debian's Chromium (Playwright's own download cannot work here). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // Fewer renderer processes, each of which costs CPU to start: for tests/web/journeys.test.ts
      // (the app and the Stripe simulator on ports of their own) 12 instead of 30.
      '--disable-site-isolation-trials',
    ],
  })
}

let shared: Promise<Browser> | undefined
/** Closed contexts of each variant, each with the page it had open, waiting to be used again. */
const idle = new Map<string, BrowserContext[]>()
/** Playwright's own close() of the contexts whose close() gives them back to `idle`. */
const reallyClose = new WeakMap<BrowserContext, () => Promise<void>>()

/**
 * One Chromium for every test file a vitest worker runs (`isolate: false` keeps this module from one
 * file to the next), launched when the first of them asks; each file opens its own contexts.
 * Playwright kills the browsers it launched when the process exits.
 */
export function sharedBrowser(): Promise<Browser> {
  shared ??= launchBrowser().then((browser) => {
    browser.once('disconnected', () => {
      shared = undefined
      idle.clear()
    })
    return browser
  })
  return shared
}

/**
 * After a test file: a worker runs its files one after another, so the contexts still open are its
 * (those its tests did not close, such as after a failure). Contexts given back to the pool stay.
 */
export async function closeContexts(browser: Browser | undefined): Promise<void> {
  const pooled = new Set([...idle.values()].flat())
  const leftOpen = browser?.contexts().filter((c) => !pooled.has(c)) ?? []
  await Promise.all(leftOpen.map((c) => reallyClose.get(c)?.() ?? c.close()))
}

export type Width = 390 | 1280
export interface Variant {
  width: Width
  scheme: 'light' | 'dark'
  locale: 'en' | 'uk'
  js: boolean
}

export const variantName = (v: Variant) => `${v.width}-${v.scheme}-${v.locale}-${v.js ? 'js' : 'nojs'}`

/** The variants a journey runs in: phone and desktop, both languages and themes, JS on and off. */
export const journeyVariants: Variant[] = [
  { width: 390, scheme: 'light', locale: 'en', js: true },
  { width: 1280, scheme: 'dark', locale: 'uk', js: false },
  { width: 390, scheme: 'dark', locale: 'uk', js: true },
  { width: 1280, scheme: 'light', locale: 'en', js: false },
]

const viewport = (v: Variant) => ({ width: v.width, height: v.width === 390 ? 844 : 900 })

/**
 * A browser context in this variant, as new to the app (no cookies), whose first `newPage()` may be a
 * page that is already open: Accept-Language follows the locale.
 *
 * Opening a tab cost Chromium 0.4 s of CPU here and its first navigation 0.2 s more, while any later
 * navigation costs about 0.1 s (20 of each in a row). So `close()` does not close it: it clears the
 * cookies, closes every page but the first one and gives both back, for the next test of this worker
 * that asks for the same variant (in this file or a later one; each file's app is another origin).
 */
export async function newContext(browser: Browser, v: Variant): Promise<BrowserContext> {
  const key = variantName(v)
  const reused = idle.get(key)?.pop()
  if (reused) return reused
  const context = await browser.newContext({
    viewport: viewport(v),
    colorScheme: v.scheme,
    locale: v.locale === 'uk' ? 'uk-UA' : 'en-GB',
    javaScriptEnabled: v.js,
  })
  const openPage = context.newPage.bind(context)
  reallyClose.set(context, context.close.bind(context))
  let kept: Page | undefined
  context.newPage = async () => {
    const page = kept
    kept = undefined
    return page ?? openPage()
  }
  context.close = async () => {
    const pool = idle.get(key) ?? []
    if (pool.includes(context)) return
    kept = await keepable(context.pages(), v)
    await context.clearCookies()
    context.setDefaultTimeout(DEFAULT_TIMEOUT)
    idle.set(key, [...pool, context])
  }
  return context
}

/** Playwright's default for actions and navigations, which a test may have changed for its context. */
const DEFAULT_TIMEOUT = 30_000

/**
 * The first page, unless a test listened to its events (Playwright itself listens to 'close' and
 * 'crash'); the others are closed. The page stays on its last address until the next test's goto.
 */
async function keepable(pages: Page[], v: Variant): Promise<Page | undefined> {
  const [first, ...others] = pages
  const listened = (first as unknown as Pick<EventEmitter, 'eventNames'> | undefined)
    ?.eventNames()
    .some((name) => name !== 'close' && name !== 'crash')
  const closing = listened ? pages : others
  await Promise.all(closing.map((page) => page.close()))
  if (!first || listened) return undefined
  const size = first.viewportSize()
  const wanted = viewport(v)
  if (size?.width !== wanted.width || size.height !== wanted.height) await first.setViewportSize(wanted)
  return first
}

const screenshotDir = join(import.meta.dirname, 'screenshots')

/**
 * A full-page screenshot in tests/web/screenshots/ (ignored by git), to be looked at: only when asked
 * (`SCREENSHOTS=1 npm test`), since encoding a tall page as PNG is slow and checks nothing.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return
  mkdirSync(screenshotDir, { recursive: true })
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true })
}

/**
 * axe-core with the WCAG 2.2 A and AA rules: the violations, each with its nodes, for a readable diff.
 * Legacy mode runs axe in the page itself: the pages have no frames, and the default mode opens a
 * second page per run to merge the frames' results. Only violations are collected in detail.
 */
export async function a11yViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .setLegacyMode()
    .options({ resultTypes: ['violations'] }) // before withTags, which adds to these options
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'])
    .analyze()
  return result.violations.map(
    (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
}
