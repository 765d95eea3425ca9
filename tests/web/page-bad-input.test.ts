import { afterAll, describe, expect, it } from 'vitest'
import { redeemLoginToken, requestMagicLink } from '../../src/accounts/auth.service.js'
import { SESSION_COOKIE } from '../../src/web/pages.js'
import { seedTier, startBilling } from '../billing/billing-fixture.js'
import { createStaff } from '../helpers/factories.js'
import { latestLoginToken } from './harness.js'

/**
 * Bad input sent to the HTML pages (not the JSON API): every case is an HTML error page with a 4xx
 * status, never a 500 and never problem+json, and nothing is written.
 */

const billing = await startBilling()
const { app } = billing
afterAll(() => billing.close())

const admin = await createStaff(app.db, 'admin')
await requestMagicLink(app.deps, admin.email, null)
const { refreshToken } = await redeemLoginToken(app.deps, latestLoginToken(app, admin.email))
const cookie = `${SESSION_COOKIE}=${refreshToken}`
const tier = await seedTier(app.db, billing.sim)
const round = await app.db
  .insertInto('rounds')
  .values({
    title: 'Before',
    opens_at: new Date(Date.now() - 86_400_000),
    closes_at: new Date(Date.now() + 7 * 86_400_000),
    votes_per_member: 3,
    results_visibility: 'live',
  })
  .returning('id')
  .executeTakeFirstOrThrow()

const home = await fetch(`${app.url}/admin/rounds`, { headers: { cookie } })
const csrf = /name="_csrf" value="([^"]+)"/.exec(await home.text())?.[1] ?? ''

async function page(method: 'GET' | 'POST', path: string, form?: string) {
  const res = await fetch(app.url + path, {
    method,
    redirect: 'manual',
    headers: {
      cookie,
      accept: 'text/html',
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    body: form,
  })
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }
}

const snapshot = async () => ({
  rounds: await app.db.selectFrom('rounds').selectAll().orderBy('id').execute(),
  tiers: await app.db.selectFrom('tiers').selectAll().orderBy('id').execute(),
})

const nul = encodeURIComponent('a\u0000b')
const cases: [string, 'GET' | 'POST', string, string?][] = [
  ['a NUL in a search', 'GET', `/admin/members?q=${nul}`],
  ['a NUL in a path id', 'GET', `/admin/members/${nul}`],
  [
    'a NUL in a round title',
    'POST',
    '/admin/rounds',
    `title=${nul}&opensAt=2026-12-01T10:00&closesAt=2026-12-10T10:00&votesPerMember=3&resultsVisibility=live`,
  ],
  ['a NUL in a round edit', 'POST', `/admin/rounds/${round.id}`, `title=${nul}`],
  ['a NUL in a topic title', 'POST', `/admin/rounds/${round.id}/topics`, `title=${nul}`],
  ['a NUL in a tier name', 'POST', `/admin/tiers/${tier.tierId}`, `name=${nul}`],
  ['a NUL in a field name', 'POST', `/admin/tiers/${tier.tierId}`, `${nul}=x`],
  [
    "a tier's translation over its length",
    'POST',
    `/admin/tiers/${tier.tierId}`,
    `name=Renamed&name.uk=${'я'.repeat(201)}`,
  ],
  ['malformed percent-encoding in a page path', 'GET', '/rounds/%ff'],
  ['a lone percent in a page path', 'GET', '/admin/members/%'],
  ['malformed percent-encoding in a page query', 'GET', '/login?next=%'],
  ['a form over 100 kB', 'POST', '/admin/rounds', `title=${'z'.repeat(200_000)}`],
  [
    'a form with too many fields',
    'POST',
    '/admin/rounds',
    Array.from({ length: 80 }, (_, i) => `f${i}=1`).join('&'),
  ],
]

describe('bad input on pages', () => {
  it.each(cases)(
    'answers %s with an HTML 4xx page and changes nothing',
    async (_name, method, path, form) => {
      const before = await snapshot()
      const body = form === undefined ? undefined : `_csrf=${csrf}&${form}`
      const res = await page(method, path, body)
      expect(res.status, res.text.slice(0, 200)).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
      expect(res.type).toContain('text/html')
      expect(res.text).toContain('<!doctype html>')
      expect(await snapshot()).toEqual(before)
    },
  )

  it("shows the tier form again with a translation's error next to its field, keeping what was typed", async () => {
    const before = await snapshot()
    const long = 'я'.repeat(201)
    const res = await page(
      'POST',
      `/admin/tiers/${tier.tierId}`,
      `_csrf=${csrf}&name=Renamed&name.uk=${long}`,
    )
    expect(res.status).toBe(400)
    expect(res.text).toContain('at most 200')
    expect(res.text).toContain(`value="${long}"`)
    expect(await snapshot()).toEqual(before)
  })

  it('still answers the JSON API with problem+json for the same malformed path', async () => {
    const res = await fetch(`${app.url}/v1/rounds/%ff`)
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
  })

  it('leaves errors of the API routes outside /v1 (metrics) to the API, even for a browser', async () => {
    const res = await fetch(`${app.url}/metrics`, { redirect: 'manual', headers: { accept: 'text/html' } })
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
  })
})
