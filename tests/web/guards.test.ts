import { beforeAll, describe, expect, it } from 'vitest'
import { createMember, createStaff } from '../helpers/factories.js'
import { a11yViolations, newContext, screenshot } from './browser.js'
import { seedRound } from './fixtures.js'
import { signInContext, useBrowserApp } from './harness.js'

const web = useBrowserApp()
let seed: Awaited<ReturnType<typeof seedRound>>

beforeAll(async () => {
  seed = await seedRound(web.app)
})

const desktop = { width: 1280, scheme: 'light', locale: 'en', js: true } as const

const votesOf = async (memberId: string) =>
  (await web.app.db.selectFrom('votes').select('topic_id').where('member_id', '=', memberId).execute()).length

describe('who may see which page', () => {
  it('sends a signed-out reader to sign in, coming back to the same page', async () => {
    const res = await fetch(`${web.app.url}/rounds/${seed.roundId}`, { redirect: 'manual' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/rounds/${seed.roundId}`)}`)
  })

  it('shows the 403 page to staff on a patron page', async () => {
    const staff = await createStaff(web.app.db, 'analyst')
    const context = await newContext(web.browser, desktop)
    await signInContext(web.app, context, staff.email)
    const page = await context.newPage()
    const res = await page.goto(`${web.app.url}/account`)
    expect(res?.status()).toBe(403)
    expect(await page.locator('h1').textContent()).toBe('Not for this account')
    await screenshot(page, '403-1280-light-en-js')
    expect(await a11yViolations(page)).toEqual([])
    await context.close()
  })
})

describe('forms are safe from other sites', () => {
  it('changes nothing for a vote posted without the form token or from another origin', async () => {
    const member = await createMember(web.app.db, { status: 'active' })
    const context = await newContext(web.browser, desktop)
    const refresh = await signInContext(web.app, context, member.email)
    const page = await context.newPage()
    await page.goto(`${web.app.url}/rounds/${seed.roundId}`)
    const token = await page.locator(`#topic-${seed.topicIds[0]} input[name="_csrf"]`).inputValue()
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(`${web.app.url}/rounds/${seed.roundId}/votes`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: `patronage_session=${refresh}`,
          ...headers,
        },
        body,
      })
    const topic = `topicId=${seed.topicIds[0]}`
    expect((await post(topic)).status).toBe(403)
    expect((await post(`${topic}&_csrf=${token}`, { origin: 'https://evil.example' })).status).toBe(403)
    expect((await post(`${topic}&_csrf=${token}`, { 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect(await votesOf(member.id)).toBe(0)

    // The same form from this site counts.
    const ok = await post(`${topic}&_csrf=${token}`, { origin: web.app.url })
    expect(ok.status).toBe(303)
    expect(await votesOf(member.id)).toBe(1)
    await context.close()
  })

  it('answers a JSON API body with 415 still, and a form post to the API likewise', async () => {
    const res = await fetch(`${web.app.url}/v1/auth/magic-link`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a@example.org',
    })
    expect(res.status).toBe(415)
  })
})
