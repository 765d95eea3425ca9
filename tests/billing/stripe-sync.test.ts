import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import { promisify } from 'node:util'
import type Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syncCheckoutSession } from '../../src/billing/checkout.service.js'
import { syncAllSubscriptions } from '../../src/billing/stripe-sync.service.js'
import { applySubscription, fetched, syncSubscription } from '../../src/billing/sync.service.js'
import { StripeSimulator, TEST_STRIPE_KEY } from '../../src/dev/stripe-simulator/api.js'
import { BillingSimulator } from '../../src/dev/stripe-simulator/billing.js'
import { createMember } from '../helpers/factories.js'
import { CLI_SCRIPT, migratedDataDir } from '../helpers/service-process.js'
import { deliver } from '../helpers/stripe-events.js'
import {
  type BillingFixture,
  historyOf,
  memberRow,
  seedMember,
  seedTier,
  startBilling,
} from './billing-fixture.js'

let f: BillingFixture
let tier: Awaited<ReturnType<typeof seedTier>>

beforeAll(async () => {
  f = await startBilling()
  tier = await seedTier(f.app.db, f.sim)
})
afterAll(() => f.close())

const ctx = () => ({ db: f.app.db, stripe: f.app.deps.stripe!, config: f.app.config })
const DAY = 86_400

describe('stripe sync', () => {
  it('recovers a webhook outage from Stripe’s state, and a second run changes nothing', async () => {
    // During the outage: one patron signed up and then failed a payment, another cancelled,
    // and someone subscribed from the Stripe Dashboard (a customer we never saw).
    const a = await seedMember(f.app.db, f.sim)
    const subA = f.sim.checkout(a.member.id, a.customer, tier.month).sub
    f.sim.failRenewal(subA)
    const b = await seedMember(f.app.db, f.sim)
    const subB = f.sim.checkout(b.member.id, b.customer, tier.year).sub
    f.sim.end(subB)
    const strangerEmail = `Dashboard-${Date.now()}@Example.test`
    const stranger = f.sim.customer(strangerEmail)
    const subC = f.sim.checkout('', stranger, tier.month).sub
    subC.metadata = {}

    const pages: number[] = []
    const first = await syncAllSubscriptions(ctx(), {
      pageSize: 2,
      onPage: (r) => pages.push(r.subscriptions),
    })
    expect(pages).toEqual([2, 3])
    expect(first.changes.map((c) => c.id).sort()).toEqual([subA.id, subB.id, subC.id].sort())
    expect(first.failed).toEqual([])
    expect(first.subscriptions).toBe(3)
    expect(first.changed).toBe(3)

    expect(await memberRow(f.app.db, a.member.id)).toMatchObject({ status: 'past_due', mrr: 500 })
    const graceA = (await memberRow(f.app.db, a.member.id)).grace_until
    expect(graceA?.getTime()).toBe((subA.items.data[0].current_period_start + 7 * DAY) * 1000)
    expect(await memberRow(f.app.db, b.member.id)).toMatchObject({ status: 'canceled', mrr: 0 })
    // B joined and left during the outage: the back-fill still dates both by Stripe's timestamps.
    const historyB = await historyOf(f.app.db, b.member.id)
    expect(historyB.map((h) => [h.to_status, h.to_mrr, h.at.getTime() / 1000])).toEqual([
      ['active', 417, subB.start_date],
      ['canceled', 0, subB.ended_at],
    ])
    const c = await f.app.db
      .selectFrom('members')
      .select(['id', 'status', 'stripe_customer_id'])
      .where('email', '=', strangerEmail.toLowerCase())
      .executeTakeFirstOrThrow()
    expect(c).toMatchObject({ status: 'active', stripe_customer_id: stranger.id })

    const snapshot = async () =>
      JSON.stringify([
        await f.app.db.selectFrom('membership_history').select(['id', 'to_status']).orderBy('id').execute(),
        await f.app.db
          .selectFrom('membership_daily')
          .selectAll()
          .orderBy('day')
          .orderBy('currency')
          .execute(),
        await f.app.db
          .selectFrom('members')
          .select(['id', 'status', 'mrr', 'grace_until', 'updated_at'])
          .orderBy('id')
          .execute(),
      ])
    const before = await snapshot()
    const second = await syncAllSubscriptions(ctx(), { pageSize: 2 })
    expect(second).toMatchObject({ subscriptions: 3, changed: 0, transitions: 0 })
    expect(await snapshot()).toBe(before)

    // The webhooks Stripe retries after the outage change nothing either.
    const late = f.sim.failRetry(subA)
    const historyBefore = (await historyOf(f.app.db, a.member.id)).length
    for (const e of late) expect((await deliver(f.app.url, e)).status).toBe(200)
    expect(await historyOf(f.app.db, a.member.id)).toHaveLength(historyBefore)
  })

  it('syncSubscription is the single upsert path (used right after Checkout too)', async () => {
    const { member, customer } = await seedMember(f.app.db, f.sim)
    const { sub } = f.sim.checkout(member.id, customer, tier.month)
    const result = await syncSubscription(ctx(), sub.id)
    expect(result).toMatchObject({ memberId: member.id, subscriptionChanged: true })
    expect(result?.transition).toMatchObject({ from: 'none', to: 'active' })
    expect((await memberRow(f.app.db, member.id)).status).toBe('active')
    expect(await syncSubscription(ctx(), 'sub_does_not_exist')).toBeNull()
  })

  it('a failed-payment event whose older fetch lost the race still dates the grace period', async () => {
    const { member, customer } = await seedMember(f.app.db, f.sim)
    const { sub } = f.sim.checkout(member.id, customer, tier.month)
    await syncSubscription(ctx(), sub.id)
    f.sim.failRenewal(sub)
    const failedAt = new Date((sub.items.data[0].current_period_start + 3600) * 1000)
    const olderCopy = fetched(
      await f.app.deps.stripe!.subscriptions.retrieve(sub.id),
      new Date(Date.now() - 60_000),
    )
    await syncSubscription(ctx(), sub.id) // the newer copy, without the failure event, wins the race
    const fallback = (await memberRow(f.app.db, member.id)).grace_until
    expect(fallback?.getTime()).toBe((sub.items.data[0].current_period_start + 7 * DAY) * 1000)

    await f.app.db.transaction().execute((trx) =>
      applySubscription(trx, ctx(), olderCopy, {
        invoice: { invoiceId: sub.latest_invoice, outcome: 'failed', at: failedAt },
      }),
    )
    const row = await memberRow(f.app.db, member.id)
    expect(row).toMatchObject({ status: 'past_due' })
    expect(row.grace_until?.getTime()).toBe(failedAt.getTime() + 7 * DAY * 1000)
  })

  it('syncCheckoutSession makes a fresh patron active before the webhook arrives', async () => {
    const member = await createMember(f.app.db)
    const customer = f.sim.customer(member.email)
    const { session } = f.sim.checkout(member.id, customer, tier.month)
    const result = await syncCheckoutSession(ctx(), asSession(session))
    expect(result).toMatchObject({ memberId: member.id, sync: { transition: { to: 'active' } } })
    expect(await memberRow(f.app.db, member.id)).toMatchObject({ status: 'active' })
    const linked = await f.app.db
      .selectFrom('members')
      .select('stripe_customer_id')
      .where('id', '=', member.id)
      .executeTakeFirstOrThrow()
    expect(linked.stripe_customer_id).toBe(customer.id)

    const open = f.fake.create('cs_test', 'checkout.session', {
      status: 'open',
      client_reference_id: member.id,
    })
    expect(await syncCheckoutSession(ctx(), asSession(open))).toBeNull()
  })

  it('runs as `npm run cli -- stripe sync`', async () => {
    const fake = await new StripeSimulator().start()
    // Already migrated: the test is about the command, not about a first start.
    const dataDir = migratedDataDir('patronage-cli-')
    try {
      const sim = new BillingSimulator(fake)
      const customer = sim.customer('cli-patron@example.test')
      sim.checkout('', customer, sim.price(700)).sub.metadata = {}
      const run = () =>
        promisify(execFile)(process.execPath, [CLI_SCRIPT, 'stripe', 'sync'], {
          env: {
            ...process.env,
            DATABASE_URL: '',
            DATA_DIR: dataDir,
            STRIPE_SECRET_KEY: TEST_STRIPE_KEY,
            STRIPE_API_BASE: fake.url,
            LOG_LEVEL: 'silent',
          },
        })
      const { stdout, stderr } = await run()
      expect(stderr).toContain('stripe sync: 1 subscriptions read so far, 1 changed, 0 failed')
      expect(stdout).toContain('1 subscriptions read, 1 changed, 1 membership transitions')
      expect(stdout).toMatch(/^changed sub_\w+ \(member [0-9a-f-]{36}\): none -> active$/m)
      const again = await run()
      expect(again.stdout.trim()).toBe('1 subscriptions read, 0 changed, 0 membership transitions')
    } finally {
      await fake.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 60_000)
})

const asSession = (wire: object) => wire as Stripe.Checkout.Session
