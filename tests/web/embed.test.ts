import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newContext, screenshot } from './browser.js'
import { seedTierAndRound } from './fixtures.js'
import { useBrowserApp } from './harness.js'

let newsroom: Server
let newsroomUrl: string
let seed: Awaited<ReturnType<typeof seedTierAndRound>>

/** The newsroom's own site, on another origin, with the copy-paste snippet of the README. */
function newsroomSite(priceId: string, lang = 'en') {
  return `<!doctype html><html lang="${lang}"><head><title>An article</title></head><body>
<article><h1>An article</h1><p>Become a patron and vote for topics we should cover next.</p>
<a data-patronage="join" data-price="${priceId}"></a>
<div data-patronage="round"></div>
<a data-patronage="support"></a></article>
<script src="${web.app.url}/embed.js" defer></script></body></html>`
}

beforeAll(async () => {
  newsroom = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(newsroomSite(seed.tier.prices[0].id, req.url?.startsWith('/uk') ? 'uk' : 'en'))
  }).listen(0, '127.0.0.1')
  await new Promise((resolve) => newsroom.once('listening', resolve))
  newsroomUrl = `http://127.0.0.1:${(newsroom.address() as AddressInfo).port}`
})
const web = useBrowserApp(() => ({ ALLOWED_ORIGINS: newsroomUrl }), { stripe: true })
beforeAll(async () => {
  seed = await seedTierAndRound(web.app)
})
afterAll(async () => {
  newsroom?.closeAllConnections()
  newsroom?.close()
})

describe('the embed on the newsroom’s site', () => {
  it('turns the snippet into a join button and the open round’s topics, loading nothing else', async () => {
    const context = await newContext(web.browser, { width: 390, scheme: 'light', locale: 'en', js: true })
    const page = await context.newPage()
    const origins = new Set<string>()
    page.on('request', (r) => origins.add(new URL(r.url()).origin))
    await page.goto(newsroomUrl)
    const join = page.locator('a[data-patronage="join"]')
    await expect.poll(() => join.textContent()).toBe('Become a patron')
    expect(await join.getAttribute('href')).toBe(`${web.app.url}/join?price=${seed.tier.prices[0].id}`)
    const round = page.locator('[data-patronage="round"]')
    await expect
      .poll(() => round.locator('li').allTextContents())
      .toEqual(['Housing in Podil', 'School meals', 'Night buses'])
    expect(await round.locator('a').getAttribute('href')).toBe(`${web.app.url}/rounds/${seed.roundId}`)
    const support = page.locator('a[data-patronage="support"]')
    expect(await support.textContent()).toBe('Other ways to support')
    expect(await support.getAttribute('href')).toBe(`${web.app.url}/support`)
    await screenshot(page, 'embed-newsroom')
    expect([...origins].sort()).toEqual([web.app.url, newsroomUrl].sort())

    await join.click()
    await page.waitForURL(`${web.app.url}/join?price=${seed.tier.prices[0].id}`)
    await context.close()
  })

  it('on a Ukrainian page, names the topics as staff translated them', async () => {
    await web.app.db
      .updateTable('topics')
      .set({ translations: JSON.stringify({ uk: { title: 'Нічні автобуси' } }) })
      .where('round_id', '=', seed.roundId)
      .where('title', '=', 'Night buses')
      .execute()
    const context = await newContext(web.browser, { width: 390, scheme: 'light', locale: 'uk', js: true })
    const page = await context.newPage()
    await page.goto(`${newsroomUrl}/uk`)
    const round = page.locator('[data-patronage="round"]')
    await expect
      .poll(() => round.locator('li').allTextContents())
      .toEqual(['Housing in Podil', 'School meals', 'Нічні автобуси'])
    expect(await page.locator('a[data-patronage="join"]').textContent()).toBe('Стати меценатом')
    await context.close()
  })

  it('answers the public round to allowed origins only, and stays within its size budget', async () => {
    const allowed = await fetch(`${web.app.url}/v1/rounds/open/public`, { headers: { origin: newsroomUrl } })
    expect(allowed.headers.get('access-control-allow-origin')).toBe(newsroomUrl)
    const body = await allowed.json()
    expect(body.round).toMatchObject({ id: seed.roundId, title: 'What should we cover in December?' })
    expect(body.round.topics[0]).not.toHaveProperty('votes')
    const other = await fetch(`${web.app.url}/v1/rounds/open/public`, {
      headers: { origin: 'https://evil.example' },
    })
    expect(other.headers.get('access-control-allow-origin')).toBeNull()

    const script = Buffer.from(await (await fetch(`${web.app.url}/embed.js`)).arrayBuffer())
    expect(gzipSync(script).length).toBeLessThanOrEqual(5 * 1024)
  })
})
