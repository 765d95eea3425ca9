/**
 * `npm run screenshots`: the README's screenshots, from a fresh demo in a scratch folder (light
 * theme, English). The demo patron's phone (390 px): the home page and the open round; the demo
 * admin's dashboard at 1280 px; and the wider views the README's sections show. Run it again after
 * a page changes, then look at every file it lists.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { freePort } from '../bench/service.js'
import { DEMO_ADMIN, DEMO_PATRON, OPEN_ROUND } from '../src/dev/demo/newsroom.js'
import { signInLink } from '../src/dev/demo/sign-in.js'
import { startDemo } from '../src/dev/demo/start.js'
import { launchBrowser } from '../tests/web/browser.js'

const docs = join(import.meta.dirname, '..', 'docs')
const PHONE = { width: 390, height: 844 }
const DESKTOP = { width: 1280, height: 1000 }

/** A light, English browser context of this size, signed in (through a fresh one-time link) as `email`. */
async function pageFor(browser: Browser, viewport: { width: number; height: number }, email?: string) {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: viewport.width < 600 ? 2 : 1,
    colorScheme: 'light',
    locale: 'en-GB',
  })
  const page = await context.newPage()
  if (email) {
    await page.goto((await signInLink(demo.service.deps, email))!)
    await page.locator('main form[action="/login/confirm"] button').click()
    await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  }
  return page
}

async function shoot(page: Page, name: string, options: { fullPage?: boolean; width?: number } = {}) {
  const path = join(docs, `${name}.png`)
  const { width, height } = page.viewportSize()!
  await page.screenshot(
    options.fullPage
      ? { path, fullPage: true }
      : { path, clip: { x: 0, y: 0, width: options.width ?? width, height } },
  )
  console.log(`  ${path}`)
}

/** The dashboard's charts are drawn by script after load: wait for them before the picture. */
async function dashboardOf(page: Page, base: string) {
  await page.goto(`${base}/admin`)
  await page.locator('[data-chart-for="chart-mrr"] canvas').waitFor()
  return page
}

const dataDir = mkdtempSync(join(tmpdir(), 'patronage-screenshots-'))
const demo = await startDemo({
  env: { DATA_DIR: dataDir, PORT: String(await freePort()), NODE_ENV: 'development' },
})
console.log(`demo ready in ${demo.seconds.toFixed(1)} s (${demo.phases}); writing:`)
const base = demo.service.deps.config.publicUrl
const browser = await launchBrowser()
try {
  const round = await demo.service.deps.db
    .selectFrom('rounds')
    .select('id')
    .where('title', '=', OPEN_ROUND.title)
    .executeTakeFirstOrThrow()

  const phone = await pageFor(browser, PHONE, DEMO_PATRON)
  await phone.goto(`${base}/`)
  await shoot(phone, 'screenshot-home')
  await phone.goto(`${base}/rounds/${round.id}`)
  await shoot(phone, 'screenshot-round')

  const admin = await dashboardOf(await pageFor(browser, DESKTOP, DEMO_ADMIN), base)
  await shoot(admin, 'screenshot-dashboard')
  await shoot(admin, 'dashboard', { fullPage: true })

  // The wider views of the README's demo section and its pages section.
  const visitor = await pageFor(browser, { width: 1100, height: 900 })
  await visitor.goto(`${base}/`)
  await shoot(visitor, 'demo-home')
  const patron = await pageFor(browser, { width: 1100, height: 900 }, DEMO_PATRON)
  await patron.goto(`${base}/rounds/${round.id}`)
  await shoot(patron, 'demo-round')
  await patron.setViewportSize({ width: 1280, height: 900 })
  await shoot(patron, 'round-page', { fullPage: true })
  const wideAdmin = await pageFor(browser, { width: 1100, height: 1000 }, DEMO_ADMIN)
  await shoot(await dashboardOf(wideAdmin, base), 'demo-dashboard')
} finally {
  await browser.close()
  await demo.close()
  rmSync(dataDir, { recursive: true, force: true })
}
