import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createStaff } from '../helpers/factories.js'
import { a11yViolations, newContext, screenshot, type Variant, variantName } from './browser.js'
import { signInContext, useBrowserApp } from './harness.js'

// Issue 19, items 15 and 23: distinct tier names, words in both languages, archived tiers marked.
const web = useBrowserApp({}, { stripe: true })

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
      const context = await newContext(web.browser, v)
      await signInContext(web.app, context, (await createStaff(web.app.db, 'admin')).email)
      const page = await context.newPage()
      await page.goto(`${web.app.url}/admin/tiers`)
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

      const tier = await web.app.db
        .selectFrom('tiers')
        .select(['id', 'translations'])
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
      expect(tier.translations).toEqual({ uk: { name: `Чашка кави ${v.locale}` } })
      await page.goto(`${web.app.url}/?lang=uk`)
      expect(await page.locator('main').innerText()).toContain(`Чашка кави ${v.locale}`)
      await page.goto(`${web.app.url}/?lang=en`)
      expect(await page.locator('main').innerText()).toContain(name)

      await page.goto(`${web.app.url}/admin/tiers?lang=${v.locale}`)
      await page.locator(`form[action="/admin/tiers/${tier.id}/archive"] button`).click()
      await page.waitForLoadState('load')
      await screenshot(page, `issue19-tiers-${variantName(v)}`)
      expect(await a11yViolations(page)).toEqual([])
      await page.goto(`${web.app.url}/admin/members`)
      const option = await page.locator(`#tierId option[value="${tier.id}"]`).textContent()
      expect(option).toContain(v.locale === 'uk' ? '(в архіві)' : '(archived)')
      await context.close()
    },
  )
})
