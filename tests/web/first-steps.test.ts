import { describe, expect, it } from 'vitest'
import { createStaff } from '../helpers/factories.js'
import { createRound } from '../voting/fixtures.js'
import { a11yViolations, newContext, screenshot, type Variant, variantName } from './browser.js'
import { signInContext, useBrowserApp } from './harness.js'

// A newsroom on its first day: no Stripe keys, no tier, no round.
const web = useBrowserApp({ SITE_NAME: 'The Kyiv Ledger' })

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
      const editor = await createStaff(web.app.db, 'editor')
      const context = await newContext(web.browser, v)
      await signInContext(web.app, context, editor.email)
      const page = await context.newPage()
      await page.goto(`${web.app.url}/admin`)
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

      await createRound(web.app.db)
      await page.reload()
      expect((await stepsOf(page))[2]).toEqual({ done: true, link: null })
      await context.close()
    },
  )

  it('is not shown to an analyst, who cannot act on it', async () => {
    const analyst = await createStaff(web.app.db, 'analyst')
    const context = await newContext(web.browser, variants[1]!)
    await signInContext(web.app, context, analyst.email)
    const page = await context.newPage()
    await page.goto(`${web.app.url}/admin`)
    expect(await page.locator('.first-steps').count()).toBe(0)
    await context.close()
  })
})
