import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCheckout } from '../../src/billing/checkout.service.js'
import { signInLink } from '../../src/dev/demo/sign-in.js'
import { type RunningDemo, startDemo } from '../../src/dev/demo/start.js'
import { parseEml } from '../helpers/outbox.js'
import { a11yViolations, closeContexts, screenshot, sharedBrowser } from './browser.js'
import { freePort } from './harness.js'

let demo: RunningDemo
let browser: Browser
let base: string
let dataDir: string
const violations: string[] = []

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'patronage-demo-'))
  const port = await freePort()
  demo = await startDemo({
    env: { DATA_DIR: dataDir, PORT: String(port), NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    members: 8,
  })
  base = demo.service.deps.config.publicUrl
  browser = await sharedBrowser()
}, 120_000)
afterAll(async () => {
  await closeContexts(browser)
  await demo?.close()
  if (dataDir) rmSync(dataDir, { recursive: true, force: true })
})

const text = async (page: Page, selector = 'main') =>
  ((await page.locator(selector).first().textContent()) ?? '').replace(/[\u00a0\u202f]/g, ' ')

async function look(page: Page, name: string) {
  await screenshot(page, `demo-${name}`)
  violations.push(...(await a11yViolations(page)).map((v) => `${name}: ${v}`))
}

async function desktop(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })
  context.setDefaultTimeout(15_000)
  return context
}

/**
 * A signed-out reader picks the first price on the home page and gives an email: the one step that
 * changes when /join mails a "continue to payment" link instead. Ends on the simulated Checkout page.
 */
async function joinAndReachCheckout(page: Page, email: string): Promise<void> {
  await page.goto(`${base}/`)
  await page.locator('a[href^="/join?price="]').first().click()
  await page.fill('#field-email', email)
  await page.locator('button[type=submit].primary').click()
  await page.waitForURL(/\/join\/sent/)
  // The address is proven by the mailed link: open it and press "Continue to payment".
  const outbox = join(dataDir, 'outbox')
  const mail = readdirSync(outbox)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => parseEml(join(outbox, f)))
    .filter((m) => m.to.includes(email))
    .at(-1)
  const link = mail && /(http\S+\/join\/continue\?\S+)/.exec(mail.text)?.[1]
  if (!link) throw new Error(`no join link mailed to ${email}`)
  await page.goto(link)
  await page.locator('main button[type=submit]').first().click()
  await page.waitForURL(/\/c\/pay\/cs_/)
}

/** Follows a printed sign-in link and presses "Sign in as …", as a person would. */
async function signIn(page: Page, link: string): Promise<void> {
  await page.goto(link)
  await page.locator('main form[action="/login/confirm"] button').click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

/** "N cancelled · M payment failed" of the dashboard's churn tile. */
async function churn(page: Page) {
  await page.goto(`${base}/admin`)
  const m = /(\d+) cancelled · (\d+) payment failed/.exec(await text(page))
  if (!m) throw new Error('no churn figures on the dashboard')
  return { voluntary: Number(m[1]), involuntary: Number(m[2]) }
}

describe('the demo in a browser', () => {
  it('shows the demo banner on every page, in both languages', async () => {
    const context = await desktop()
    const page = await context.newPage()
    await page.goto(`${base}/`)
    expect(await text(page, '.demo-banner')).toContain('Demo: payments are simulated')
    expect(await page.getAttribute('.demo-banner a', 'href')).toBe(demo.simulatorUrl)
    await look(page, 'home')
    // Staff's words in the page's language only: tier and round names, never "Reader · Читач" pairs.
    const english = await text(page, 'main')
    expect(english).toContain('Supporter')
    expect(english).toContain('Bridge repairs: promises and deadlines')
    expect(english).not.toMatch(/[А-ЯІЇЄа-яіїє]/)
    await page.goto(`${base}/?lang=uk`)
    expect(await text(page, '.demo-banner')).toContain('Демо: платежі імітовано')
    const ukrainian = await text(page, 'main')
    expect(ukrainian).toContain('Прихильник')
    expect(ukrainian).toContain('Ремонт мостів: обіцянки і терміни')
    expect(ukrainian).not.toMatch(/Reader|Supporter|Patron|winter/)
    expect(ukrainian).not.toMatch(/[A-Za-z]+ · [А-ЯІЇЄа-яіїє]|[а-яіїє] · [A-Za-z]/)
    await page.goto(`${base}/no-such-page`)
    expect(await text(page, '.demo-banner')).toContain('Демо: платежі імітовано')
    await context.close()

    // The simulator's own pages on a phone, in the dark.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'dark' })
    const control = await phone.newPage()
    await control.goto(demo.simulatorUrl)
    expect(await text(control, 'body')).toContain('Simulated Stripe')
    await look(control, 'control-phone-dark')
    expect(await control.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await phone.close()
  })

  it('joins, is declined, pays, is signed in, votes, then cancels in the portal and a month later has left', async () => {
    const context = await desktop()
    const page = await context.newPage()
    await joinAndReachCheckout(page, 'new-reader@example.org')
    expect(await text(page, 'body')).toContain('Simulated Stripe')
    await look(page, 'checkout')

    await page.check('input[value=declined]')
    await page.click('button:has-text("Pay")')
    expect(await text(page, '.error')).toBe('Your card was declined.')
    expect(page.url()).toMatch(/\/c\/pay\/cs_/)
    await page.check('input[value=card]')
    await page.click('button:has-text("Pay")')
    await page.waitForURL(/\/checkout\/success\?session_id=cs_/)
    await page.locator('main a.button').click()
    await page.waitForURL(/\/rounds\/[\w-]+$/)
    const vote = page.locator('button.vote-button').first()
    await vote.click()
    await expect.poll(() => vote.getAttribute('aria-pressed')).toBe('true')
    await look(page, 'round')

    // The billing portal: cancel at period end, back to the account, which now says when it ends.
    await page.goto(`${base}/account`)
    await page.locator('form[action="/account/billing"] button').click()
    await page.waitForURL(/\/p\/session\/bps_/)
    await look(page, 'portal')
    await page.click('button:has-text("Cancel subscription")')
    expect(await text(page, '.notice')).toContain('will end at the end of the period')
    await page.click('a:has-text("Return to the newsroom")')
    await page.waitForURL(`${base}/account`)
    expect(await text(page, '.status-line')).toContain('Active patron · ends')

    // A month later (the simulator's clock): the cancelled membership ends, the others renew.
    const admin = await (await desktop()).newPage()
    await signIn(admin, demo.links.admin!)
    const before = await churn(admin)
    const advancedAt = Math.floor(Date.now() / 1000)
    await admin.goto(demo.simulatorUrl)
    await look(admin, 'control')
    await admin.click('button:has-text("Advance one month")')
    await admin.waitForURL(/renewed=/)
    const summary = await text(admin, '.notice')
    expect(summary).toMatch(/[1-9]\d* renewed/)
    expect(summary).toContain('1 ended: set to cancel at period end')
    const after = await churn(admin)
    expect(after.voluntary).toBe(before.voluntary + 1)
    await page.reload()
    expect(await text(page, '.status-line')).toBe('Your membership has ended.')

    // A renewed patron's account shows the new period, which the renewal's webhook stored.
    const renewed = [...demo.simulator.objects.values()].find(
      (o) =>
        o.object === 'subscription' &&
        o.status === 'active' &&
        o.items.data[0].current_period_start >= advancedAt,
    )!
    const email = demo.simulator.get(renewed.customer, 'customer').email
    const patron = await (await desktop()).newPage()
    await signIn(patron, (await signInLink(demo.service.deps, email))!)
    await patron.goto(`${base}/account`)
    expect(await text(patron, '.status-line')).toContain('Active patron · renews')
    const stored = await demo.service.deps.db
      .selectFrom('subscriptions')
      .select('current_period_end')
      .where('id', '=', renewed.id)
      .executeTakeFirstOrThrow()
    expect(stored.current_period_end?.getTime()).toBe(renewed.items.data[0].current_period_end * 1000)
    await admin.goto(`${base}/admin`)
    await look(admin, 'dashboard')
    expect(violations).toEqual([])
  }, 180_000)

  it('a bank debit settles later: the membership starts once the control page says it paid', async () => {
    const statusOf = async (email: string) =>
      (
        await demo.service.deps.db
          .selectFrom('members')
          .select('status')
          .where('email', '=', email)
          .executeTakeFirst()
      )?.status
    const pay = async (email: string) => {
      const price = await demo.service.deps.db.selectFrom('prices').select('id').executeTakeFirstOrThrow()
      const { url } = await startCheckout(demo.service.deps, { email, priceId: price.id })
      const res = await fetch(url!, {
        method: 'POST',
        body: 'payment=later',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      expect(res.status).toBe(303)
      await expect.poll(() => statusOf(email), { timeout: 10_000 }).toBe('incomplete')
      const customer = demo.simulator.get(
        demo.simulator.get(url!.split('/').at(-1)!, 'checkout.session').customer,
      )
      return [...demo.simulator.objects.values()].find(
        (o) => o.object === 'subscription' && o.customer === customer.id,
      )!
    }
    const settled = await pay('bank-debit@example.org')
    const answer = await fetch(`${demo.simulatorUrl}/payments/${settled.id}/settle`, {
      method: 'POST',
      redirect: 'manual',
    })
    expect(answer.status).toBe(303)
    expect(await statusOf('bank-debit@example.org')).toBe('active')

    const failed = await pay('bank-debit-fails@example.org')
    await fetch(`${demo.simulatorUrl}/payments/${failed.id}/fail`, { method: 'POST', redirect: 'manual' })
    expect(await statusOf('bank-debit-fails@example.org')).toBe('incomplete_expired')
    // Another site's page cannot press the simulator's buttons.
    const forged = await fetch(`${demo.simulatorUrl}/clock/advance`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: 'https://evil.example' },
    })
    expect(forged.status).toBe(403)
  })
})
