import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StripeSimulator, TEST_STRIPE_KEY, TEST_WEBHOOK_SECRET } from '../../src/dev/stripe-simulator/api.js'
import type { TestApp } from '../helpers/app.js'
import { createStaff } from '../helpers/factories.js'
import {
  a11yViolations,
  launchBrowser,
  newContext,
  screenshot,
  type Variant,
  variantName,
} from './browser.js'
import { signInContext, startPageApp } from './harness.js'

// Issue 19, items 15 and 23: distinct tier names, words in both languages, archived tiers marked.
let app: TestApp
let fake: StripeSimulator
let browser: Browser
beforeAll(async () => {
  fake = await new StripeSimulator().start()
  app = await startPageApp({
    STRIPE_SECRET_KEY: TEST_STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    STRIPE_API_BASE: fake.url,
  })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await app?.close()
  await fake?.stop()
})

const variants: Variant[] = [
  { width: 390, scheme: 'light', locale: 'uk', js: true },
  { width: 390, scheme: 'dark', locale: 'en', js: true },
]

async function submitNewTier(page: Page) {
  await Promise.all([
    page.waitForLoadState('load'),
    page.locator('form[action="/admin/tiers"] button[type=submit]').click(),
  ])
  await page.waitForLoadState('load')
}

describe('the staff tiers page', () => {
  it.each(variants)(
    'creates a tier in two languages, refuses its name twice, marks it archived ($locale)',
    async (v) => {
      const name = `Cup of coffee ${v.locale}`
      const context = await newContext(browser, v)
      await signInContext(app, context, (await createStaff(app.db, 'admin')).email)
      const page = await context.newPage()
      await page.goto(`${app.url}/admin/tiers`)
      await page.fill('#field-name', name)
      await page.fill('[id="field-name.uk"]', `Чашка кави ${v.locale}`)
      await page.fill('#field-monthly', '4.50')
      await page.fill('#field-yearly', '45')
      await submitNewTier(page)
      expect(page.url()).toContain('done=tier-created')

      await page.fill('#field-name', name.toUpperCase())
      await page.fill('#field-monthly', '5')
      await submitNewTier(page)
      const error = page.locator('#field-name-error')
      expect(await error.innerText()).toContain(
        v.locale === 'uk' ? 'Рівень із такою назвою вже є' : 'Another tier already has this name',
      )
      expect(await page.locator('#field-name').getAttribute('aria-invalid')).toBe('true')
      expect(await page.locator('#field-name').inputValue()).toBe(name.toUpperCase())
      await screenshot(page, `issue19-tiers-taken-${variantName(v)}`)
      expect(await a11yViolations(page)).toEqual([])

      const tier = await app.db
        .selectFrom('tiers')
        .select(['id', 'translations'])
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
      expect(tier.translations).toEqual({ uk: { name: `Чашка кави ${v.locale}` } })
      await page.goto(`${app.url}/?lang=uk`)
      expect(await page.locator('main').innerText()).toContain(`Чашка кави ${v.locale}`)
      await page.goto(`${app.url}/?lang=en`)
      expect(await page.locator('main').innerText()).toContain(name)

      await page.goto(`${app.url}/admin/tiers?lang=${v.locale}`)
      await page.locator(`form[action="/admin/tiers/${tier.id}/archive"] button`).click()
      await page.waitForLoadState('load')
      await screenshot(page, `issue19-tiers-${variantName(v)}`)
      expect(await a11yViolations(page)).toEqual([])
      await page.goto(`${app.url}/admin/members`)
      const option = await page.locator(`#tierId option[value="${tier.id}"]`).textContent()
      expect(option).toContain(v.locale === 'uk' ? '(в архіві)' : '(archived)')
      await context.close()
    },
  )
})
