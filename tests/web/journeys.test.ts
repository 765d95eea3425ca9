import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { hostStripePages } from '../../src/dev/stripe-simulator/hosted-pages.js'
import { readOutbox } from '../helpers/outbox.js'
import { a11yViolations, journeyVariants, newContext, screenshot, variantName } from './browser.js'
import { seedTierAndRound } from './fixtures.js'
import { latestLoginToken, useBrowserApp } from './harness.js'

const web = useBrowserApp(
  { SITE_NAME: 'The Kyiv Ledger', SITE_URL: 'https://ledger.example.org', SITE_TIME_ZONE: 'Europe/Kyiv' },
  { stripe: true },
)
let seed: Awaited<ReturnType<typeof seedTierAndRound>>

beforeAll(async () => {
  hostStripePages(web.fake)
  seed = await seedTierAndRound(web.app)
})

const copy = {
  en: {
    monthly: '€5 / month',
    yearly: '€50 / year — two months free',
    votesLeft: (n: number) => `${n} of 3 votes left`,
    signedOut: 'Sign in',
    status: 'Active patron · renews',
    inbox: 'Check your inbox',
  },
  uk: {
    monthly: '5 EUR / місяць',
    yearly: '50 EUR / рік — два місяці безкоштовно',
    votesLeft: (n: number) => (n === 3 ? 'Залишилося 3 голоси з 3' : `Залишилося ${n} голоси з 3`),
    signedOut: 'Увійти',
    status: 'Активний меценат · поновлення',
    inbox: 'Перевірте пошту',
  },
}

/** The link of the newest join mail to this address. */
const joinLink = (email: string) => {
  const mail = readOutbox(web.app)
    .filter((m) => m.to.includes(email))
    .at(-1)
  const link = mail && /https?:\/\/\S+\/join\/continue\?\S+/.exec(mail.text)?.[0]
  if (!link) throw new Error(`no join link mailed to ${email}`)
  return link
}

/** Text as a reader sees it (Intl puts no-break spaces in money and dates). */
const text = async (page: Page, selector = 'main') =>
  ((await page.locator(selector).first().textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ')

describe.each(journeyVariants)('a reader’s journeys in Chromium', (v) => {
  const name = variantName(v)
  const email = `reader-${name}@example.org`
  const words = copy[v.locale]
  const violations: string[] = []
  /** Screenshot every page, and run axe where scripts run (axe is a script). */
  const look = async (page: Page, label: string) => {
    await screenshot(page, `${label}-${name}`)
    if (v.js) violations.push(...(await a11yViolations(page)).map((x) => `${label}: ${x}`))
  }

  it(`joins, pays through Checkout, votes, suggests and manages the account (${name})`, async () => {
    const context = await newContext(web.browser, v)
    context.setDefaultTimeout(10_000)
    const page = await context.newPage()

    await page.goto(`${web.app.url}/`)
    expect(await page.getAttribute('html', 'lang')).toBe(v.locale)
    const home = await text(page)
    expect(home).toContain(words.monthly)
    expect(home).toContain(words.yearly)
    expect(home).toContain('Housing in Podil') // the open round as a teaser
    await look(page, 'home')

    await page.locator('a[href^="/join?price="]').first().click()
    await page.waitForURL(/\/join\?price=/)
    await look(page, 'join')
    await page.locator('button[type=submit].primary').click()
    await page.waitForSelector('#field-email[aria-invalid=true]')
    expect(await page.locator('.field-error').count()).toBe(1)
    await page.fill('#field-email', email)
    await page.locator('button[type=submit].primary').click()

    // The same answer for every address; the link to continue comes by mail, in the page's language.
    await page.waitForURL(/\/join\/sent\?email=/)
    expect(await text(page)).toContain(words.inbox)
    expect(await text(page)).toContain(email)
    await look(page, 'join-sent')
    await page.goto(joinLink(email))
    const proceed = page.locator('main form[action="/join/continue"] button')
    expect(await proceed.textContent()).toContain(email)
    await look(page, 'join-continue')
    await proceed.click()

    // The fake Stripe Checkout page; paying returns to /checkout/success, signed in.
    await page.waitForURL(/\/c\/pay\/cs_/)
    await page.click('button:has-text("Pay")')
    await page.waitForURL(/\/checkout\/success\?session_id=cs_/)
    // The header reflects the session: the patron who just paid is offered their account, not "Sign in".
    expect(await page.locator('.site-header a[href^="/login"]').count()).toBe(0)
    expect(await page.locator('.site-header a[href="/account"]').count()).toBe(1)
    await look(page, 'checkout-success')
    await page.locator('main a.button').click()
    await page.waitForURL(new RegExp(`/rounds/${seed.roundId}$`))
    await look(page, 'round')
    expect(await text(page, '#votes-left')).toContain(words.votesLeft(3))

    const [first, second] = seed.topicIds.map((id) => page.locator(`#topic-${id} button.vote-button`))
    const nextCardTop = () =>
      page
        .locator(`#topic-${seed.topicIds[2]}`)
        .evaluate((el) => el.getBoundingClientRect().top + window.scrollY)
        .catch(() => 0)
    const before = v.js ? await nextCardTop() : 0
    await first!.click()
    await expect.poll(() => first!.getAttribute('aria-pressed')).toBe('true')
    await expect.poll(() => text(page, '#votes-left')).toContain(words.votesLeft(2))
    if (v.js) expect(await nextCardTop()).toBe(before) // no layout shift when a vote is cast
    await second!.click()
    await expect.poll(() => second!.getAttribute('aria-pressed')).toBe('true')
    await look(page, 'round-voted')
    await second!.click() // withdraw
    await expect.poll(() => second!.getAttribute('aria-pressed')).toBe('false')
    await expect.poll(() => text(page, '#votes-left')).toContain(words.votesLeft(2))
    expect(await first!.getAttribute('aria-pressed')).toBe('true')

    // Suggest a topic: an empty title is refused next to the field; the typed description is kept.
    await page.fill('#field-description', 'Trams are late every morning.')
    await page.locator('#suggest button[type=submit]').click()
    await page.waitForSelector('#field-title[aria-invalid=true]')
    expect(await page.inputValue('#field-description')).toBe('Trams are late every morning.')
    await look(page, 'round-suggest-error')
    await page.fill('#field-title', 'Tram delays')
    await page.locator('#suggest button[type=submit]').click()
    await page.waitForSelector('.suggestion')
    expect(await text(page, '.suggestion')).toContain('Tram delays')

    await page.goto(`${web.app.url}/account`)
    expect(await text(page, '.status-line')).toContain(words.status)
    expect(await text(page)).toContain('Supporter')
    await look(page, 'account')
    await page.locator('form[action="/account/billing"] button').click()
    await page.waitForURL(/\/p\/session\//)

    await page.goto(`${web.app.url}/account`)
    // Signed in as … / Sign out appears once on the page (in the footer), not again in the account.
    expect(await page.locator('main form[action="/logout"]').count()).toBe(0)
    await page.locator('form[action="/logout"] button').click()
    await page.waitForURL(`${web.app.url}/`)
    expect(await text(page, '.site-nav')).toContain(words.signedOut)
    await page.goto(`${web.app.url}/account`)
    expect(page.url()).toBe(`${web.app.url}/login?next=%2Faccount`)
    await context.close()
  }, 120_000)

  it(`signs in with a mailed link that a GET does not use up (${name})`, async () => {
    const context = await newContext(web.browser, v)
    const page = await context.newPage()
    await page.goto(`${web.app.url}/login?next=/rounds/${seed.roundId}`)
    await look(page, 'login')
    await page.fill('#field-email', email)
    await page.locator('main button[type=submit]').click()
    await page.waitForURL(/\/login\?sent=/)
    expect(await text(page)).toContain(words.inbox)
    expect(await text(page)).toContain(email)
    await look(page, 'login-sent')

    const link = `${web.app.url}/login?token=${latestLoginToken(web.app, email)}&next=/rounds/${seed.roundId}`
    await page.goto(link)
    await page.goto(link) // a mail scanner's visit, or a second look, uses nothing up
    const button = page.locator('main form[action="/login/confirm"] button')
    expect(await button.textContent()).toContain(email)
    await look(page, 'login-confirm')
    await button.click()
    await page.waitForURL(new RegExp(`/rounds/${seed.roundId}$`))
    expect(await page.locator('button.vote-button[aria-pressed=true]').count()).toBe(1)
    await context.close()
    expect(violations).toEqual([])
  }, 60_000)
})
