import { describe, expect, it } from 'vitest'
import { newSetupToken } from '../../src/accounts/first-admin.js'
import { composeMail } from '../../src/mail/messages.js'
import { createStaff } from '../helpers/factories.js'
import { a11yViolations, newContext, screenshot, type Variant, variantName } from '../web/browser.js'
import { signInContext, useBrowserApp } from '../web/harness.js'

const web = useBrowserApp({ SITE_TIME_ZONE: 'Europe/Kyiv' })

const variants: Variant[] = [
  { width: 390, scheme: 'light', locale: 'en', js: true },
  { width: 390, scheme: 'dark', locale: 'uk', js: true },
]

describe('the newsroom settings in a browser', () => {
  it('the setup page asks for the newsroom name (axe, 390 px)', async () => {
    for (const v of variants) {
      const context = await newContext(web.browser, v)
      const page = await context.newPage()
      await page.goto(`${web.app.url}/setup?token=${newSetupToken(web.app.config)}`)
      await expect(
        page.getByLabel(v.locale === 'en' ? 'Your newsroom’s name' : 'Назва вашої редакції').count(),
      ).resolves.toBe(1)
      await screenshot(page, `setup-${variantName(v)}`)
      expect(await a11yViolations(page)).toEqual([])
      await context.close()
    }
  })

  for (const [i, v] of variants.entries()) {
    it(`an admin saves a name, appeal and colour, and the home page shows them (${variantName(v)})`, async () => {
      const context = await newContext(web.browser, v)
      await signInContext(web.app, context, (await createStaff(web.app.db, 'admin')).email)
      const page = await context.newPage()
      await page.goto(`${web.app.url}/admin/settings`)
      expect(await a11yViolations(page)).toEqual([])
      // A colour too light for white text is refused next to its field, focused.
      await page.locator('#field-accent').fill('#f5d76e')
      await page.locator('form[action="/admin/settings"] button[type=submit]').click()
      await page.waitForLoadState('load')
      await expect(page.locator('#field-accent-error').count()).resolves.toBe(1)
      expect(await a11yViolations(page)).toEqual([])
      await screenshot(page, `admin-settings-refused-${variantName(v)}`)
      const name = i === 0 ? 'The Kyiv Ledger' : 'Київський вісник'
      await page.locator('#field-name').fill(name)
      await page.locator('#field-accent').fill(i === 0 ? '#8a1c1c' : '#1d5e3a')
      await page
        .locator(`#field-appeal${v.locale === 'en' ? 'En' : 'Uk'}`)
        .fill(
          v.locale === 'en'
            ? 'Independent reporting from Kyiv, paid for by you.'
            : 'Незалежна журналістика з Києва, яку оплачуєте ви.',
        )
      await page.locator('#field-url').fill('https://ledger.example.org')
      await page.locator('form[action="/admin/settings"] button[type=submit]').click()
      await page.waitForURL(/done=saved/)
      await screenshot(page, `admin-settings-${variantName(v)}`)
      expect(await a11yViolations(page)).toEqual([])
      await page.goto(`${web.app.url}/`)
      await expect(page.locator('.brand').textContent()).resolves.toBe(name)
      await expect(page.locator('p.lead').textContent()).resolves.toContain(
        v.locale === 'en' ? 'Kyiv, paid for' : 'оплачуєте ви',
      )
      expect(await a11yViolations(page)).toEqual([])
      await screenshot(page, `home-custom-${variantName(v)}`)
      await context.close()
    })
  }

  it('mails drawn in the saved colour (rendered to PNG to look at)', async () => {
    const newsroom = await web.app.deps.newsroom.current()
    const context = await newContext(web.browser, { width: 390, scheme: 'light', locale: 'en', js: false })
    const page = await context.newPage()
    for (const locale of ['en', 'uk'] as const) {
      const mails = [
        composeMail(
          'a@example.test',
          locale,
          { kind: 'sign-in', url: `${web.app.url}/login?token=x`, minutes: 15 },
          web.app.config,
          newsroom,
        ),
        composeMail(
          'a@example.test',
          locale,
          {
            kind: 'welcome',
            membership: {
              tier: 'Supporter',
              tierTranslations: null,
              amount: 500,
              currency: 'eur',
              interval: 'month',
              renewsAt: new Date(),
            },
            round: { id: 'r1', title: 'What should we cover?' },
          },
          web.app.config,
          newsroom,
        ),
      ]
      for (const [n, mail] of mails.entries()) {
        await page.setContent(mail.html!)
        expect(await page.locator(`a[style*="background:${newsroom.accent}"]`).count()).toBe(n === 0 ? 1 : 2)
        await screenshot(page, `mail-${n}-${locale}`)
      }
    }
    await context.close()
  })
})
