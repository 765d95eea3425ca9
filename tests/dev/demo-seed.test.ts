import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../src/dev/demo/seed.js'
import { StripeSimulator, TEST_STRIPE_KEY, TEST_WEBHOOK_SECRET } from '../../src/dev/stripe-simulator/api.js'
import { WebhookSender } from '../../src/dev/stripe-simulator/webhooks.js'
import { summaryReport } from '../../src/reports/reports.service.js'
import { startTestApp, type TestApp } from '../helpers/app.js'

let fake: StripeSimulator
let app: TestApp
let sender: WebhookSender

beforeAll(async () => {
  fake = await new StripeSimulator().start()
  app = await startTestApp({
    STRIPE_SECRET_KEY: TEST_STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    STRIPE_API_BASE: fake.url,
  })
  sender = new WebhookSender(`${app.url}/v1/stripe/webhook`, TEST_WEBHOOK_SECRET)
})
afterAll(async () => {
  await app?.close()
  await fake?.stop()
})

const count = async (query: string) =>
  Number(
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.raw(query)}`.execute(app.db)).rows[0]!.n,
  )

/** What a second seed must leave as it is. */
const snapshot = async () => ({
  members: await count('members'),
  subscriptions: await count('subscriptions'),
  events: await count('stripe_events'),
  history: await count('membership_history'),
  votes: await count('votes'),
  payments: await count('one_time_payments'),
  stripeObjects: fake.objects.size,
})

describe('the demo newsroom', () => {
  it('is made through Checkout and signed webhooks, and a second seed reuses it', async () => {
    expect(await seedDemo(app.deps, fake, sender, { members: 16 })).toBe('seeded')

    // Tiers through the tier service: their products and prices exist in the simulator.
    const prices = await app.db.selectFrom('prices').select(['stripe_price_id', 'interval']).execute()
    expect(prices).toHaveLength(6)
    for (const p of prices) expect(fake.get(p.stripe_price_id!, 'price').recurring.interval).toBe(p.interval)

    // Every member who paid has its subscription in the simulator, in the same state.
    const subs = await app.db.selectFrom('subscriptions').select(['id', 'status']).execute()
    expect(subs).toHaveLength(16)
    for (const s of subs) expect(fake.get(s.id, 'subscription').status).toBe(s.status)
    expect(await count('stripe_events')).toBeGreaterThanOrEqual(16)

    // History over the past year, dated by Stripe: the reports read what the webhooks recorded.
    const { rows } = await sql<{ first: Date; churned: number }>`
      select min(at) as first, count(*) filter (where churn is not null)::int as churned
      from membership_history`.execute(app.db)
    expect(Date.now() - rows[0]!.first.getTime()).toBeGreaterThan(300 * 86_400_000)
    expect(rows[0]!.churned).toBeGreaterThan(0)
    const paying = await count(`members where status in ('active', 'past_due')`)
    const summary = await summaryReport(app.db, new Date())
    expect(summary.activePatrons).toBe(paying)
    expect(summary.compedMembers).toBe(5)

    // A closed round with an outcome and a covered topic; an open one with votes and suggestions.
    const topics = await sql<{ state: string; status: string; coverage_url: string | null }>`
      select (r.closes_at < now()) as state, t.status, t.coverage_url
      from topics t join rounds r on r.id = t.round_id`.execute(app.db)
    expect(topics.rows.filter((t) => t.status === 'covered' && t.coverage_url)).toHaveLength(1)
    expect(await count(`rounds where closes_at < now()`)).toBe(1)
    expect(await count(`rounds where closes_at > now()`)).toBe(1)
    expect(
      await count(`votes v join rounds r on r.id = v.round_id where r.closes_at > now()`),
    ).toBeGreaterThan(0)
    expect(await count(`suggestions where status = 'pending'`)).toBe(3)
    expect(await count(`staff where role = 'admin'`)).toBe(1)

    // Names in English, the demo's default language, with the Ukrainian as translations (no "A · Б").
    const tiers = await app.db.selectFrom('tiers').select(['name', 'translations']).orderBy('name').execute()
    expect(tiers.map((t) => [t.name, t.translations.uk?.name])).toEqual([
      ['Patron', 'Меценат'],
      ['Reader', 'Читач'],
      ['Supporter', 'Прихильник'],
    ])
    const titles = await app.db.selectFrom('rounds').select(['title', 'translations']).execute()
    for (const round of titles) {
      expect(round.title).not.toContain('·')
      expect(round.translations.uk?.title).toMatch(/[а-яіїє]/)
    }

    // One-time contributions and gifts, paid through Checkout and signed webhooks over the year: the
    // dashboard's one-time money shows them, and one gift runs for its recipient.
    expect(await count(`one_time_payments where kind = 'contribution' and status = 'paid'`)).toBe(8)
    expect(await count(`gifts where status = 'started'`)).toBe(1)
    expect(await count(`gifts where status = 'paid'`)).toBe(1)
    expect(await count(`one_time_payments where paid_at < now() - interval '300 days'`)).toBe(1)
    expect(summary.giftedMembers).toBe(1)
    expect(summary.oneTime30d).toEqual([{ currency: 'eur', amount: expect.any(Number), count: 4 }])
    expect(summary.oneTime30d[0]!.amount).toBeGreaterThan(1500 + 5000)

    const before = await snapshot()
    expect(await seedDemo(app.deps, fake, sender, { members: 16 })).toBe('reused')
    expect(await snapshot()).toEqual(before)
  }, 180_000)
})
