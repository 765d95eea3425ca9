import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stripeEvent } from '../../src/dev/stripe-simulator/billing.js'
import { type BillingFixture, seedMember, seedTier, startBilling } from '../billing/billing-fixture.js'
import { startTestApp } from '../helpers/app.js'
import { deliver } from '../helpers/stripe-events.js'

const METRICS_TOKEN = 'metrics-token-for-the-scraper'

let f: BillingFixture
beforeAll(async () => {
  f = await startBilling({ METRICS_TOKEN })
})
afterAll(() => f.close())

async function scrape(): Promise<string> {
  const res = await f.app.api('GET', '/metrics', { token: METRICS_TOKEN })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  return res.text
}

/** The value of one sample, e.g. sample(text, 'x_count', { route: '/a' }); undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`)
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match || match[1] !== name) continue
    const present = match[2]?.split(/,(?=\w+=")/) ?? []
    if (wanted.every((w) => present.includes(w))) return Number(match[3])
  }
  return undefined
}

describe('GET /metrics', () => {
  it('is 404 while METRICS_TOKEN is unset, as any unknown route', async () => {
    const app = await startTestApp()
    try {
      const res = await app.api('GET', '/metrics', { token: METRICS_TOKEN })
      expect(res.status).toBe(404)
      expect(res.body.type).toBe('/problems/not-found')
    } finally {
      await app.close()
    }
  })

  it('is 401 without a Bearer token, with a wrong one, or another scheme', async () => {
    for (const headers of <Record<string, string>[]>[
      {},
      { authorization: 'Bearer wrong' },
      { authorization: `Bearer ${METRICS_TOKEN}x` },
      { authorization: `Basic ${METRICS_TOKEN}` },
    ]) {
      const res = await f.app.api('GET', '/metrics', { headers })
      expect(res.status, JSON.stringify(headers)).toBe(401)
      expect(res.body.type).toBe('/problems/unauthenticated')
      expect(res.text).not.toContain('process_cpu')
    }
  })

  it('serves the Node process metrics and the gauges', async () => {
    const text = await scrape()
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0)
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0)
    expect(sample(text, 'patronage_db_pool_waiting')).toBe(0)
    expect(sample(text, 'patronage_mail_pending')).toBe(0)
  })

  it('times requests by declared route, never by URL, and unmatched ones under one label', async () => {
    const route = { method: 'POST', route: '/v1/rounds/:id/votes', status_code: '401' }
    const before = sample(await scrape(), 'http_request_duration_seconds_count', route) ?? 0
    const unmatchedBefore =
      sample(await scrape(), 'http_request_duration_seconds_count', { route: '(unmatched)' }) ?? 0
    const roundId = randomUUID()
    for (let i = 0; i < 3; i++)
      expect((await f.app.api('POST', `/v1/rounds/${roundId}/votes`, { body: {} })).status).toBe(401)
    expect((await f.app.api('GET', `/no/such/${randomUUID()}`)).status).toBe(404)

    const text = await scrape()
    expect(sample(text, 'http_request_duration_seconds_count', route)).toBe(before + 3)
    expect(sample(text, 'http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(before + 3)
    expect(sample(text, 'http_request_duration_seconds_count', { route: '(unmatched)' })).toBe(
      unmatchedBefore + 1,
    )
    expect(text).not.toContain(roundId)
    expect(text).not.toContain('/no/such')
  })

  it('counts webhook events by type and outcome, and times the Stripe calls they make', async () => {
    const tier = await seedTier(f.app.db, f.sim)
    const { member, customer } = await seedMember(f.app.db, f.sim)
    const { sub } = f.sim.checkout(member.id, customer, tier.month)
    const stripeCalls = (text: string) =>
      sample(text, 'patronage_stripe_request_duration_seconds_count', {
        method: 'GET',
        resource: 'subscriptions',
        status_code: '200',
      }) ?? 0
    const before = stripeCalls(await scrape())

    const created = stripeEvent('customer.subscription.created', sub, sub.start_date)
    expect((await deliver(f.app.url, created)).status).toBe(200)
    expect((await deliver(f.app.url, created)).status).toBe(200)
    const ignored = stripeEvent('customer.created', customer, f.sim.fake.now)
    expect((await deliver(f.app.url, ignored)).status).toBe(200)
    // Stripe answers 500 to the re-fetch (and the SDK's retries): the event is not applied.
    const updated = stripeEvent('customer.subscription.updated', sub, sub.start_date + 60)
    f.fake.failNext = 10
    try {
      expect((await deliver(f.app.url, updated)).status).toBeGreaterThanOrEqual(500)
    } finally {
      f.fake.failNext = 0
    }

    const text = await scrape()
    const events = (type: string, outcome: string) =>
      sample(text, 'patronage_webhook_events_total', { type, outcome })
    expect(events('customer.subscription.created', 'applied')).toBe(1)
    expect(events('customer.subscription.created', 'duplicate')).toBe(1)
    expect(events('customer.created', 'ignored')).toBe(1)
    expect(events('customer.subscription.updated', 'failed')).toBe(1)
    expect(stripeCalls(text)).toBeGreaterThan(before)
    expect(
      sample(text, 'patronage_stripe_request_duration_seconds_count', {
        resource: 'subscriptions',
        status_code: '500',
      }),
    ).toBeGreaterThanOrEqual(1)
  })

  it('reads patronage_mail_pending from the pendingMailCount hook at each scrape', async () => {
    const original = f.app.deps.pendingMailCount
    f.app.deps.pendingMailCount = async () => 7
    try {
      expect(sample(await scrape(), 'patronage_mail_pending')).toBe(7)
    } finally {
      f.app.deps.pendingMailCount = original
    }
  })

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'shows queries waiting for a pooled connection (Postgres)',
    async () => {
      // The mail gauge counts with a query of its own; here every connection is taken on purpose.
      const pendingMailCount = f.app.deps.pendingMailCount
      f.app.deps.pendingMailCount = async () => 0
      let release!: () => void
      const held = new Promise<void>((resolve) => (release = resolve))
      // Occupy every connection of the pool (20), then queue one more query behind them.
      const holders = Array.from({ length: 20 }, () =>
        f.app.db.transaction().execute(async (trx) => {
          await trx.selectFrom('members').select('id').limit(1).execute()
          await held
        }),
      )
      await new Promise((resolve) => setTimeout(resolve, 300))
      const queued = f.app.db.selectFrom('members').select('id').limit(1).execute()
      try {
        expect(sample(await scrape(), 'patronage_db_pool_waiting')).toBe(1)
      } finally {
        release()
        await Promise.all([...holders, queued])
      }
      expect(sample(await scrape(), 'patronage_db_pool_waiting')).toBe(0)
      f.app.deps.pendingMailCount = pendingMailCount
    },
  )
})
