import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { signUnsubscribe, unsubscribeKey } from '../../src/mail/unsubscribe-token.js'
import { createMember, uniqueEmail } from '../helpers/factories.js'
import { readOutbox } from '../helpers/outbox.js'
import { a11yViolations, newContext, screenshot, type Variant, variantName } from './browser.js'
import { seedRound } from './fixtures.js'
import { latestLoginToken, signInContext, useBrowserApp } from './harness.js'

// Issue 19: a patron's home, the membership on /account, a new sign-in link, unsubscribe; both languages, a phone.
const web = useBrowserApp({ SITE_NAME: 'The Kyiv Ledger' })
let tierId: string

beforeAll(async () => {
  const { admin } = await seedRound(web.app)
  // A newer open round without topics closes first: the teaser must still show the one with topics.
  await web.app.api('POST', '/v1/admin/rounds', {
    token: admin,
    body: {
      title: 'Empty round',
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      votesPerMember: 1,
      resultsVisibility: 'live',
    },
  })
  const tier = await web.app.db
    .insertInto('tiers')
    .values({
      name: 'Cup of coffee',
      currency: 'eur',
      translations: JSON.stringify({ uk: { name: 'Чашка кави' } }),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  tierId = tier.id
})

const variants: Variant[] = [
  { width: 390, scheme: 'light', locale: 'uk', js: true },
  { width: 390, scheme: 'dark', locale: 'en', js: false },
]

async function patron(status: 'active' | 'past_due') {
  const member = await createMember(web.app.db, {
    email: uniqueEmail('patron'),
    status,
    graceUntil: status === 'past_due' ? new Date(Date.now() + 5 * 86_400_000) : null,
  })
  const periodEnd = new Date(Date.now() + 20 * 86_400_000)
  await web.app.db.updateTable('members').set({ tier_id: tierId }).where('id', '=', member.id).execute()
  await web.app.db
    .insertInto('subscriptions')
    .values({
      id: `sub_${member.id.slice(0, 8)}`,
      member_id: member.id,
      stripe_customer_id: `cus_${member.id.slice(0, 8)}`,
      status,
      tier_id: tierId,
      interval: 'month',
      amount: 450,
      currency: 'eur',
      start_date: new Date('2026-03-04T10:00:00Z'),
      current_period_end: periodEnd,
      stripe_synced_at: new Date(),
    } as never)
    .execute()
  return member
}

const text = (page: Page, selector: string) => page.locator(selector).innerText()

describe('a patron on the home page and the account page', () => {
  it.each(variants)(
    'is told they are one, with their tier in their language ($locale, $width, $scheme)',
    async (v) => {
      const member = await patron('active')
      const context = await newContext(web.browser, v)
      await signInContext(web.app, context, member.email)
      const page = await context.newPage()
      await page.goto(`${web.app.url}/`)
      const main = await text(page, 'main')
      expect(await page.locator('main a[href^="/join"]').count()).toBe(0)
      expect(main).toContain(v.locale === 'uk' ? 'Чашка кави' : 'Cup of coffee')
      if (v.locale === 'uk') expect(main).not.toContain('Cup of coffee')
      expect(await page.locator('main a[href="/rounds"]').count()).toBe(1)
      expect(await page.locator('main a[href="/account"]').count()).toBe(1)
      expect(main).toContain('Housing in Podil')
      await screenshot(page, `issue19-home-patron-${variantName(v)}`)
      if (v.js) expect(await a11yViolations(page)).toEqual([])

      await page.goto(`${web.app.url}/account`)
      const facts = await text(page, '.facts')
      expect(facts).toContain(v.locale === 'uk' ? 'Чашка кави' : 'Cup of coffee')
      expect(facts).toMatch(/4[.,]50/)
      expect(facts).toContain(v.locale === 'uk' ? 'березень 2026' : 'March 2026')
      expect((await text(page, 'body')).split(member.email).length - 1).toBe(1)
      expect(await page.locator('main form[action="/logout"]').count()).toBe(0)
      await screenshot(page, `issue19-account-${variantName(v)}`)
      if (v.js) expect(await a11yViolations(page)).toEqual([])
      await context.close()
    },
  )

  it('shows a past-due patron the banner with the grace date and "Fix payment", not the join buttons', async () => {
    const member = await patron('past_due')
    const context = await newContext(web.browser, variants[1]!)
    await signInContext(web.app, context, member.email)
    const page = await context.newPage()
    await page.goto(`${web.app.url}/`)
    expect(await page.locator('main a[href^="/join"]').count()).toBe(0)
    const banner = await text(page, '.banner.warn')
    expect(banner).toContain('Fix payment')
    expect(banner).toMatch(/by \w+ \d+, \d{4}/)
    await screenshot(page, 'issue19-home-past-due')
    await context.close()
  })

  it.each(variants)('shows a visitor the tiers and the round that has topics ($locale)', async (v) => {
    const context = await newContext(web.browser, v)
    const page = await context.newPage()
    await page.goto(`${web.app.url}/`)
    expect(await text(page, '.teaser')).toContain('Housing in Podil')
    await screenshot(page, `issue19-home-visitor-${variantName(v)}`)
    if (v.js) expect(await a11yViolations(page)).toEqual([])
    await context.close()
  })
})

describe('an expired sign-in link', () => {
  it.each(variants)('mails a new link to the same address in one press ($locale)', async (v) => {
    const member = await patron('active')
    const context = await newContext(web.browser, v)
    await signInContext(web.app, context, member.email) // uses the link up
    await context.clearCookies()
    const used = latestLoginToken(web.app, member.email)
    const before = readOutbox(web.app).filter((m) => m.to.includes(member.email)).length
    const page = await context.newPage()
    await page.goto(`${web.app.url}/login?token=${used}`)
    expect(await page.locator('form[action="/login/resend"][method="post"]').count()).toBe(1)
    expect(await text(page, 'main')).not.toContain(member.email)
    await screenshot(page, `issue19-login-expired-${variantName(v)}`)
    if (v.js) expect(await a11yViolations(page)).toEqual([])
    await page.locator('form[action="/login/resend"] button').click()
    await page.waitForURL(/resent=1/)
    expect(await text(page, 'main')).not.toContain(member.email)
    await expect
      .poll(() => readOutbox(web.app).filter((m) => m.to.includes(member.email)).length)
      .toBe(before + 1)
    expect(latestLoginToken(web.app, member.email)).not.toBe(used)
    await context.close()
  })

  it('answers a made-up token with the sign-in form link, and a cross-site post is refused', async () => {
    const context = await newContext(web.browser, variants[0]!)
    const page = await context.newPage()
    await page.goto(`${web.app.url}/login?token=${'x'.repeat(40)}`)
    expect(await page.locator('form[action="/login/resend"]').count()).toBe(0)
    const forged = await fetch(`${web.app.url}/login/resend`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: `token=${'x'.repeat(40)}`,
      redirect: 'manual',
    })
    expect(forged.status).toBe(403)
    await context.close()
  })
})

describe('unsubscribe', () => {
  it.each(variants)('says what happened and links to the account and home ($locale)', async (v) => {
    const member = await patron('active')
    const token = signUnsubscribe(unsubscribeKey(web.app.deps.config), {
      memberId: member.id,
      kind: 'rounds',
    })
    const context = await newContext(web.browser, v)
    const page = await context.newPage()
    await page.goto(`${web.app.url}/unsubscribe?token=${encodeURIComponent(token)}`)
    await page.locator('main button[type="submit"]').click()
    await page.waitForLoadState()
    expect(await page.locator('main [role="status"]').count()).toBe(1)
    expect(await page.locator('main a[href="/account"]').count()).toBe(1)
    expect(await page.locator('main a[href="/"]').count()).toBe(1)
    await screenshot(page, `issue19-unsubscribed-${variantName(v)}`)
    if (v.js) expect(await a11yViolations(page)).toEqual([])
    await context.close()
  })
})
