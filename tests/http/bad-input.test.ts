import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import type { Db } from '../../src/db/connect.js'
import { startBilling } from '../billing/billing-fixture.js'
import { createMember, createStaff, patronToken, staffToken } from '../helpers/factories.js'
import {
  type BadCase,
  bodyCases,
  type Operation,
  operations,
  pathParamCases,
  queryCases,
} from './bad-input-cases.js'

/**
 * Every route that takes text, a date, a query parameter or a path id, enumerated from the OpenAPI
 * document, answers bad input with a 400 problem+json and writes nothing (here or in Stripe).
 */

const billing = await startBilling()
const { app, fake } = billing
afterAll(() => billing.close())

const admin = await createStaff(app.db, 'admin')
const editor = await createStaff(app.db, 'editor')
const member = await createMember(app.db)
const adminToken = staffToken(app.deps, admin)
const patron = patronToken(app.deps, member)
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

async function created(method: string, path: string, body: unknown, token = adminToken) {
  const res = await app.api(method, path, { body, token })
  expect(res.status, `${method} ${path}: ${res.text}`).toBe(201)
  return res.body
}
const round = await created('POST', '/v1/admin/rounds', {
  title: 'What next?',
  opensAt: inDays(-1),
  closesAt: inDays(7),
  votesPerMember: 3,
  resultsVisibility: 'live',
})
const topic = await created('POST', `/v1/admin/rounds/${round.id}/topics`, { title: 'Housing' })
await created('POST', `/v1/admin/members/${member.id}/comp`, { until: inDays(30) })
const suggestion = await created('POST', `/v1/rounds/${round.id}/suggestions`, { title: 'Schools' }, patron)
const tier = await created('POST', '/v1/admin/tiers', { name: 'Friend', currency: 'eur', monthlyAmount: 500 })
const supportSettings = {
  contributions: { currencies: ['eur'], presets: [{ currency: 'eur', amounts: [500, 1500] }] },
  gifts: [{ tierId: tier.id, months: [1, 3] }],
}
expect((await app.api('PUT', '/v1/admin/support', { body: supportSettings, token: adminToken })).status).toBe(
  200,
)

/** The resource each `{id}` stands for, by the path segment before it. */
const ids: Record<string, string> = {
  rounds: round.id,
  topics: topic.id,
  suggestions: suggestion.id,
  tiers: tier.id,
  members: member.id,
  staff: editor.id,
}

/** A body that passes validation, for each route with one; bad cases change one field of it. */
const validBodies: Record<string, Record<string, unknown>> = {
  'post /v1/auth/magic-link': { email: 'reader@example.test' },
  'post /v1/auth/token': { token: 'a'.repeat(24) },
  'post /v1/auth/refresh': { refreshToken: 'a'.repeat(24) },
  'post /v1/admin/staff': { email: 'new-editor@example.test', role: 'editor' },
  'post /v1/rounds/{id}/votes': { topicId: topic.id },
  'post /v1/admin/rounds': {
    title: 'Another',
    opensAt: inDays(1),
    closesAt: inDays(8),
    votesPerMember: 2,
    resultsVisibility: 'after_close',
  },
  'patch /v1/admin/rounds/{id}': { title: 'Renamed' },
  'post /v1/admin/rounds/{id}/topics': { title: 'Transport' },
  'patch /v1/admin/topics/{id}': { title: 'Renamed' },
  'post /v1/rounds/{id}/suggestions': { title: 'Parks' },
  'post /v1/admin/tiers': { name: 'Gold', currency: 'eur', monthlyAmount: 900 },
  'patch /v1/admin/tiers/{id}': { name: 'Silver' },
  'post /v1/checkout': { email: 'buyer@example.test', priceId: tier.prices[0].id },
  'post /v1/me/billing-portal': {},
  'post /v1/admin/members/{id}/comp': { until: inDays(60) },
  'post /setup': { token: 'a'.repeat(40), email: 'first-admin@example.test' },
  'put /v1/admin/support': supportSettings,
  'post /v1/contributions': { email: 'giver@example.test', amount: 1000, currency: 'eur', message: 'Thanks' },
  'post /v1/gifts': {
    purchaserEmail: 'buyer@example.test',
    recipientEmail: 'friend@example.test',
    tierId: tier.id,
    months: 3,
    message: 'For you',
    sendAt: inDays(3),
  },
}

// The webhook takes Stripe's signed bytes, not validated input (tests/billing/webhook-intake.test.ts).
const doc = (await app.api('GET', '/openapi.json')).body
const ops = operations(doc).filter((op) => op.path !== '/v1/stripe/webhook')
const key = (op: Operation) => `${op.method} ${op.path}`

function urlOf(op: Operation, c: Partial<BadCase> = {}): string {
  const segments = op.path.split('/')
  const path = segments
    .map((segment, i) => {
      const name = /^\{(\w+)\}$/.exec(segment)?.[1]
      if (!name) return segment
      if (c.pathParam?.name === name) return c.pathParam.raw
      if (name === 'topicId') return topic.id
      const id = ids[segments[i - 1]!]
      if (!id) throw new Error(`add a fixture id for ${segments[i - 1]} (${key(op)})`)
      return id
    })
    .join('/')
  return c.query ? `${path}?${c.query}` : path
}

const tokenFor = (op: Operation) =>
  op.roles.length === 0
    ? undefined
    : op.roles.includes('patron') && !op.roles.includes('admin')
      ? patron
      : adminToken

/** Rows in every table: a bad request must change none of them. */
async function rowCounts(db: Db): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`.execute(db)
  const counts: Record<string, number> = {}
  for (const { name } of rows) {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(db)
    counts[name] = r.rows[0]!.n
  }
  return counts
}

describe.each(ops.map((op) => [key(op), op] as const))('%s', (_name, op) => {
  const cases = [
    ...pathParamCases(op),
    ...queryCases(op),
    ...(op.body ? bodyCases(op, validBodies[key(op)] ?? {}) : []),
  ]

  it('is 400 validation for every bad input, and writes nothing', async () => {
    if (op.body) expect(validBodies[key(op)], `add a valid body for ${key(op)}`).toBeDefined()
    const before = await rowCounts(app.db)
    const stripeCalls = fake.requests.length
    const wrong: string[] = []
    for (const c of cases) {
      const body = 'body' in c ? c.body : op.body ? validBodies[key(op)] : undefined
      const res = await app.api(op.method.toUpperCase(), urlOf(op, c), { body, token: tokenFor(op) })
      const isProblem = res.headers.get('content-type')?.startsWith('application/problem+json')
      const ok =
        (res.status === 400 && isProblem && res.body.type === '/problems/validation') ||
        (c.may200 === true && res.status === 200)
      if (!ok) wrong.push(`${c.what} -> ${res.status} ${res.text.slice(0, 160)}`)
    }
    expect(wrong).toEqual([])
    expect(await rowCounts(app.db)).toEqual(before)
    expect(fake.requests.length).toBe(stripeCalls)
  })

  if (op.pathParams.length > 0 && op.method === 'get') {
    it('is 404 for a well-formed id that does not exist', async () => {
      const res = await app.api('GET', urlOf(op, { pathParam: { name: 'id', raw: crypto.randomUUID() } }), {
        token: tokenFor(op),
      })
      expect(res.status).toBe(404)
      expect(res.body.type).toBe('/problems/not-found')
    })
  }
})

describe('the valid bodies the cases start from', () => {
  it.each(Object.entries(validBodies))('%s passes validation', async (route, body) => {
    const op = ops.find((o) => key(o) === route)
    expect(op, `${route} is no longer a route`).toBeDefined()
    const res = await app.api(op!.method.toUpperCase(), urlOf(op!), { body, token: tokenFor(op!) })
    expect(res.status, res.text).toBeLessThan(500)
    expect(res.body?.type, res.text).not.toBe('/problems/validation')
  })
})

describe('the edges of what Postgres can store', () => {
  it.each([
    '/v1/admin/reports/summary?at=0001-02-01T00:00:00Z',
    '/v1/admin/reports/summary?at=9999-12-31T23:59:59.999Z',
    '/v1/admin/reports/monthly?from=0001-01&to=0001-12',
    '/v1/admin/reports/monthly?from=9999-01&to=9999-12',
    '/v1/admin/reports/cohorts?from=0001-01&to=0001-12',
    '/v1/admin/reports/cohorts?from=9999-01&to=9999-12',
  ])('GET %s is answered, not a 5xx', async (path) => {
    const res = await app.api('GET', path, { token: adminToken })
    expect(res.status, res.text).toBe(200)
  })

  it('a summary whose 30-day window reaches before year 1 is a 400, not a 5xx', async () => {
    for (const at of ['0001-01-01T00:00:00Z', '0001-01-01T00:30:00-01:00']) {
      const res = await app.api('GET', `/v1/admin/reports/summary?at=${encodeURIComponent(at)}`, {
        token: adminToken,
      })
      expect(res.status, res.text).toBe(400)
      expect(res.body.type).toBe('/problems/validation')
    }
  })

  it('takes the last instant of year 9999 for a comp and a round', async () => {
    const last = '9999-12-31T23:59:59.999Z'
    const comp = await app.api('POST', `/v1/admin/members/${member.id}/comp`, {
      token: adminToken,
      body: { until: last },
    })
    expect(comp.status, comp.text).toBe(201)
    expect(comp.body.until).toBe(last)
    const body = {
      title: 'Forever',
      opensAt: inDays(0),
      closesAt: last,
      votesPerMember: 1,
      resultsVisibility: 'live',
    }
    const round = await app.api('POST', '/v1/admin/rounds', { token: adminToken, body })
    expect(round.status, round.text).toBe(201)
  })
})
