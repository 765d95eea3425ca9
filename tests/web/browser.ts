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
    ],
  })
}

let shared: Promise<Browser> | undefined

/**
 * One Chromium for every test file a vitest worker runs (`isolate: false` keeps this module from one
 * file to the next), launched when the first of them asks; each file opens its own contexts.
 * Playwright kills the browsers it launched when the process exits.
 */
export function sharedBrowser(): Promise<Browser> {
  shared ??= launchBrowser().then((browser) => {
    browser.once('disconnected', () => {
      shared = undefined
    })
    return browser
  })
  return shared
}

/** After a test file: a worker runs its files one after another, so the contexts still open are its. */
export async function closeContexts(browser: Browser | undefined): Promise<void> {
  await Promise.all(browser?.contexts().map((context) => context.close()) ?? [])
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

/** A fresh browser context (no cookies) in this variant: Accept-Language follows the locale. */
export function newContext(browser: Browser, v: Variant): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: v.width, height: v.width === 390 ? 844 : 900 },
    colorScheme: v.scheme,
    locale: v.locale === 'uk' ? 'uk-UA' : 'en-GB',
    javaScriptEnabled: v.js,
  })
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
