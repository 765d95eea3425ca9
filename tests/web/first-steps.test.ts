import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../helpers/app.js'
import { createStaff } from '../helpers/factories.js'
import { createRound } from '../voting/fixtures.js'
import {
  a11yViolations,
  launchBrowser,
  newContext,
  screenshot,
  type Variant,
  variantName,
} from './browser.js'
import { signInContext, startPageApp } from './harness.js'

// A newsroom on its first day: no Stripe keys, no tier, no round.
let app: TestApp
let browser: Browser

beforeAll(async () => {
  app = await startPageApp({ SITE_NAME: 'The Kyiv Ledger' })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
})

const variants: Variant[] = [
  { width: 390, scheme: 'light', locale: 'uk', js: true },
  { width: 1280, scheme: 'dark', locale: 'en', js: false },
]

const stepsOf = (page: import('playwright-core').Page) =>
  page.$$eval('.first-steps .step', (els) =>
    els.map((e) => ({
      done: e.classList.contains('done'),
      link: e.querySelector('a')?.getAttribute('href') ?? null,
    })),
  )

describe('an empty dashboard says what to do next', () => {
  it.each(variants)(
    'lists the steps, each with where it is done, until they are ($locale, $width)',
    async (v) => {
      const editor = await createStaff(app.db, 'editor')
      const context = await newContext(browser, v)
      await signInContext(app, context, editor.email)
      const page = await context.newPage()
      await page.goto(`${app.url}/admin`)
      const first = await stepsOf(page)
      const hasRound = first[2]!.done
      expect(first.slice(0, 2)).toEqual([
        { done: false, link: null },
        { done: false, link: '/admin/tiers' },
      ])
      if (!hasRound) expect(first[2]).toEqual({ done: false, link: '/admin/rounds' })
      expect(await page.locator('.first-steps').textContent()).toContain('STRIPE_SECRET_KEY')
      await screenshot(page, `first-steps-${variantName(v)}`)
      if (v.js) expect(await a11yViolations(page)).toEqual([])

      await createRound(app.db)
      await page.reload()
      expect((await stepsOf(page))[2]).toEqual({ done: true, link: null })
      await context.close()
    },
  )

  it('is not shown to an analyst, who cannot act on it', async () => {
    const analyst = await createStaff(app.db, 'analyst')
    const context = await newContext(browser, variants[1]!)
    await signInContext(app, context, analyst.email)
    const page = await context.newPage()
    await page.goto(`${app.url}/admin`)
    expect(await page.locator('.first-steps').count()).toBe(0)
    await context.close()
  })
})
