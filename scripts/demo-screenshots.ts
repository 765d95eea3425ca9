/**
 * The README's demo screenshots (docs/demo-*.png): a full demo in a scratch folder, its home page,
 * the open round as the demo patron sees it, and the staff dashboard. `npx tsx scripts/demo-screenshots.ts`
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { startDemo } from '../src/dev/demo/start.js'

const dataDir = mkdtempSync(join(tmpdir(), 'patronage-demo-shots-'))
const demo = await startDemo({ env: { DATA_DIR: dataDir, PORT: '3790', NODE_ENV: 'development' } })
console.log(`seeded in ${demo.seconds.toFixed(1)} s`)
const base = demo.service.deps.config.publicUrl
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox'],
})
const docs = join(import.meta.dirname, '..', 'docs')

async function shot(page: Page, name: string, height: number) {
  await page.screenshot({ path: join(docs, `${name}.png`), clip: { x: 0, y: 0, width: 1100, height } })
}
async function signedIn(link: string) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'en-GB' })
  const page = await context.newPage()
  await page.goto(link)
  await page.locator('main form[action="/login/confirm"] button').click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  return page
}

try {
  const visitor = await (await browser.newContext({ viewport: { width: 1100, height: 900 } })).newPage()
  await visitor.goto(`${base}/`)
  await shot(visitor, 'demo-home', 900)
  const patron = await signedIn(demo.links.patron!)
  await patron.goto(`${base}/rounds`)
  await patron.locator('main a[href^="/rounds/"]').first().click()
  await shot(patron, 'demo-round', 900)
  const admin = await signedIn(demo.links.admin!)
  await admin.goto(`${base}/admin`)
  await admin.waitForTimeout(500)
  await shot(admin, 'demo-dashboard', 1000)
} finally {
  await browser.close()
  await demo.close()
  rmSync(dataDir, { recursive: true, force: true })
}
