import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { TEST_WEBHOOK_SECRET } from '../../src/dev/stripe-simulator/api.js'
import { hostStripePages } from '../../src/dev/stripe-simulator/hosted-pages.js'
import { WebhookSender } from '../../src/dev/stripe-simulator/webhooks.js'
import { createStaff, staffToken } from '../helpers/factories.js'
import { readOutbox } from '../helpers/outbox.js'
import { a11yViolations, newContext, screenshot, type Variant, variantName } from './browser.js'
import { seedTierAndRound } from './fixtures.js'
import { signInContext, useBrowserApp } from './harness.js'

const web = useBrowserApp({ SITE_NAME: 'The Kyiv Ledger', SITE_TIME_ZONE: 'Europe/Kyiv' }, { stripe: true })
let monthlyPriceId: string

beforeAll(async () => {
  // Stripe's hosted pages, and its webhooks to the service as Stripe signs them.
  hostStripePages(web.fake, {
    sender: new WebhookSender(`${web.app.url}/v1/stripe/webhook`, TEST_WEBHOOK_SECRET),
  })
  const { tier } = await seedTierAndRound(web.app)
  monthlyPriceId = tier.prices.find((p: { interval: string }) => p.interval === 'month').id
  const admin = staffToken(web.app.deps, await createStaff(web.app.db, 'admin'))
  const res = await web.app.api('PUT', '/v1/admin/support', {
    token: admin,
    body: {
      contributions: { currencies: ['eur'], presets: [{ currency: 'eur', amounts: [500, 1500, 5000] }] },
      gifts: [{ tierId: tier.id, months: [1, 3, 12] }],
    },
  })
  if (res.status !== 200) throw new Error(res.text)
})

const variants: Variant[] = [
  { width: 390, scheme: 'light', locale: 'en', js: true },
  { width: 390, scheme: 'dark', locale: 'uk', js: true },
  { width: 1280, scheme: 'light', locale: 'uk', js: false },
]

const copy = {
  en: {
    thanks: 'Thank you!',
    mailSubject: 'Thank you for supporting',
    giftMail: 'A gift membership',
    giftLine: 'Gift membership: Supporter, until',
  },
  uk: {
    thanks: 'Дякуємо!',
    mailSubject: 'Дякуємо за підтримку',
    giftMail: 'Подарункове членство',
    giftLine: 'Подарункове членство: Supporter, до',
  },
}

const text = async (page: Page, selector = 'main') =>
  ((await page.locator(selector).first().textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ')

/**
 * Stripe's part: the reader pays once on the hosted page (the simulator's), which returns to the
 * service while Stripe's signed events arrive; the mail they cause to `mailTo` shows they were applied.
 */
async function payOnStripe(page: Page, amount: string, mailTo: string) {
  await page.waitForURL(/\/c\/pay\/cs_/)
  expect(await text(page, 'body')).toContain(amount)
  await page.click('button:has-text("Pay")')
  await page.waitForURL(/\?thanks=1$/)
  await expect
    .poll(() => readOutbox(web.app).some((m) => m.to.includes(mailTo)), { timeout: 10_000 })
    .toBe(true)
}

describe.each(variants)('other ways to support in Chromium', (v) => {
  const name = variantName(v)
  const words = copy[v.locale]
  const violations: string[] = []
  const look = async (page: Page, label: string) => {
    await screenshot(page, `support-${label}-${name}`)
    if (v.js) violations.push(...(await a11yViolations(page)).map((x) => `${label}: ${x}`))
  }

  it(`gives once from the home page's link (${name})`, async () => {
    const email = `giver-${name}@example.org`
    const context = await newContext(web.browser, v)
    context.setDefaultTimeout(10_000)
    const page = await context.newPage()
    await page.goto(`${web.app.url}/`)
    await page.locator('a[href="/support"]').click()
    await page.waitForURL(/\/support$/)
    expect(await page.getAttribute('html', 'lang')).toBe(v.locale)
    await look(page, 'support')

    await page.check('input[name=choice][value=own]')
    await page.fill('#field-amount', '0')
    await page.fill('#field-email', email)
    await page.locator('form[action="/support/contribute"] button[type=submit]').click()
    await page.waitForSelector('#field-amount[aria-invalid=true]')
    await look(page, 'support-error')
    await page.fill('#field-amount', '12.50')
    await page.locator('form[action="/support/contribute"] button[type=submit]').click()
    await payOnStripe(page, '12.50', email)
    expect(await text(page)).toContain(words.thanks)
    await look(page, 'support-thanks')

    const mails = readOutbox(web.app).filter((m) => m.to.includes(email))
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toContain(words.mailSubject)
    expect(mails[0]!.text.replace(/[\u00a0\u202f]/g, ' ')).toMatch(/12[.,]50/)
    await context.close()
  })

  it(`gives a gift, and the recipient starts it from the mail (${name})`, async () => {
    const purchaser = `buyer-${name}@example.org`
    const recipient = `friend-${name}@example.org`
    const context = await newContext(web.browser, v)
    context.setDefaultTimeout(10_000)
    const page = await context.newPage()
    await page.goto(`${web.app.url}/gift`)
    await look(page, 'gift')
    const option = page.locator('input[name=gift]').nth(1)
    await option.check()
    await page.fill('#field-recipientEmail', purchaser)
    await page.fill('#field-purchaserEmail', purchaser)
    await page.fill('#field-message', 'Happy reading!')
    await page.locator('form[action="/gift"] button[type=submit]').click()
    await page.waitForSelector('#field-recipientEmail[aria-invalid=true]')
    expect(await page.inputValue('#field-message')).toBe('Happy reading!')
    await look(page, 'gift-error')
    await page.fill('#field-recipientEmail', recipient)
    await page.locator('form[action="/gift"] button[type=submit]').click()
    await payOnStripe(page, '15.00', recipient)
    expect(await text(page)).toContain(words.thanks)

    const mail = readOutbox(web.app).find((m) => m.to.includes(recipient))!
    expect(mail.subject).toContain(words.giftMail)
    const link = /(http:\/\/\S+\/gift\/start\?token=[\w-]+)/.exec(mail.text)![1]!

    const theirs = await newContext(web.browser, v)
    theirs.setDefaultTimeout(10_000)
    const them = await theirs.newPage()
    await them.goto(link)
    expect(await text(them)).toContain('Happy reading!')
    await look(them, 'gift-start')
    await them.locator('form[action="/gift/start"] button[type=submit]').click()
    await them.waitForURL(/\/account$/)
    expect(await text(them)).toContain(words.giftLine)
    await look(them, 'gift-account')
    // The link works once.
    await them.goto(link)
    expect(await them.locator('form[action="/gift/start"]').count()).toBe(0)
    await theirs.close()
    await context.close()
  })

  it(`pays more than the price on /join (${name})`, async () => {
    const context = await newContext(web.browser, v)
    context.setDefaultTimeout(10_000)
    const page = await context.newPage()
    await page.goto(`${web.app.url}/join?price=${monthlyPriceId}`)
    await page.fill('#field-email', `more-${name}@example.org`)
    await page.fill('#field-amount', '3')
    await page.locator('form[action="/join"] button[type=submit]').click()
    await page.waitForSelector('#field-amount[aria-invalid=true]')
    await look(page, 'join-more-error')
    await look(page, 'join-more')
    await page.fill('#field-amount', '8')
    await page.locator('form[action="/join"] button[type=submit]').click()
    // Not signed in: the link to continue comes by mail, and carries the amount to Checkout.
    await page.waitForURL(/\/join\/sent\?email=/)
    const mail = readOutbox(web.app)
      .filter((m) => m.to.includes(`more-${name}@example.org`))
      .at(-1)
    await page.goto(/https?:\/\/\S+\/join\/continue\?\S+/.exec(mail!.text)![0])
    expect(await text(page)).toContain(v.locale === 'uk' ? '8 EUR / місяць' : '€8 / month')
    await look(page, 'join-more-continue')
    await page.locator('main form[action="/join/continue"] button').click()
    await page.waitForURL(/\/c\/pay\/cs_/)
    const session = web.fake.get(/\/c\/pay\/(cs_\w+)/.exec(page.url())![1]!)
    expect(web.fake.get(session.line_items[0].price)).toMatchObject({
      unit_amount: 800,
      recurring: { interval: 'month' },
    })
    await context.close()
  })

  it(`shows staff what is offered and the one-time money (${name})`, async () => {
    const context = await newContext(web.browser, v)
    context.setDefaultTimeout(10_000)
    await createStaff(web.app.db, 'admin', `admin-${name}@example.org`)
    await signInContext(web.app, context, `admin-${name}@example.org`)
    const page = await context.newPage()
    await page.goto(`${web.app.url}/admin/support`)
    expect(await page.inputValue('#field-currencies')).toBe('eur')
    await look(page, 'admin-support')
    await page.goto(`${web.app.url}/admin`)
    expect(await page.locator('#one-time-heading').count()).toBe(1)
    await look(page, 'admin-dashboard')
    await context.close()
  })

  it(`has no accessibility violations (${name})`, () => {
    expect(violations).toEqual([])
  })
})
