import type { AddressInfo } from 'node:net'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { connectDatabase } from '../../src/db/connect.js'
import { signatureFor, stripeEvent } from '../../src/dev/stripe-simulator/billing.js'
import { startTestApp } from '../helpers/app.js'
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

const eventRows = (id: string) =>
  f.app.db.selectFrom('stripe_events').select('id').where('id', '=', id).execute()

async function freshCheckout() {
  const { member, customer } = await seedMember(f.app.db, f.sim)
  return { member, ...f.sim.checkout(member.id, customer, tier.month) }
}

describe('webhook signatures', () => {
  it('rejects a missing, wrong, tampered, stale or malformed signature with 400 and writes nothing', async () => {
    const { events } = await freshCheckout()
    const e = events[0]!
    const now = Math.floor(Date.now() / 1000)
    const cases = {
      missing: await deliver(f.app.url, e, { signature: null }),
      wrongSecret: await deliver(f.app.url, e, { secret: 'whsec_not_the_right_one' }),
      stale: await deliver(f.app.url, e, { timestamp: now - 301 }),
      future: await deliver(f.app.url, e, { timestamp: now + 3600 }),
      garbage: await deliver(f.app.url, e, { signature: 't=abc,v1=zzz' }),
      tampered: await deliver(
        f.app.url,
        { ...e, payload: e.payload.replace('"active"', '"canceled"') },
        {
          signature: signatureFor(e.payload),
        },
      ),
    }
    for (const [name, res] of Object.entries(cases)) {
      expect(res.status, name).toBe(400)
      expect(res.headers.get('content-type'), name).toMatch(/^application\/problem\+json/)
      expect(res.body, name).toMatchObject({ type: '/problems/invalid-signature', status: 400 })
    }
    expect(await eventRows(e.id)).toHaveLength(0)
  })

  it('accepts a signature just inside the 300 s tolerance', async () => {
    const { events } = await freshCheckout()
    const res = await deliver(f.app.url, events[0]!, { timestamp: Math.floor(Date.now() / 1000) - 250 })
    expect(res.status).toBe(200)
  })

  it('rejects a signed body that is not JSON with 400', async () => {
    const payload = 'not json at all'
    const res = await deliver(f.app.url, { id: 'x', type: 'x', created: 0, payload, event: {} })
    expect(res.status).toBe(400)
    expect(res.body.type).toBe('/problems/invalid-signature')
  })

  it('refuses a body over 100 kB with 413 before verifying it', async () => {
    const payload = JSON.stringify({ id: 'evt_big', object: 'event', padding: 'x'.repeat(101 * 1024) })
    const res = await deliver(f.app.url, { id: 'evt_big', type: 'x', created: 0, payload, event: {} })
    expect(res.status).toBe(413)
    expect(res.body.type).toBe('/problems/payload-too-large')
  })

  it('answers 503 stripe-not-configured without a webhook secret', async () => {
    const bare = await startTestApp()
    try {
      const { events } = await freshCheckout()
      const res = await deliver(bare.url, events[0]!)
      expect(res.status).toBe(503)
      expect(res.body.type).toBe('/problems/stripe-not-configured')
    } finally {
      await bare.close()
    }
  })

  it('documents the webhook route in the OpenAPI document', async () => {
    const res = await f.app.api('GET', '/openapi.json')
    expect(res.body.paths['/v1/stripe/webhook'].post.responses).toHaveProperty('400')
  })
})

describe('exactly-once intake', () => {
  it('acknowledges ignored types with 200 and records them once', async () => {
    const e = stripeEvent('customer.created', f.sim.customer('x@example.test'), f.sim.fake.now)
    expect((await deliver(f.app.url, e)).status).toBe(200)
    expect(await eventRows(e.id)).toHaveLength(1)
  })

  it('applies a redelivered event once', async () => {
    const { member, events } = await freshCheckout()
    for (const e of [...events, ...events]) expect((await deliver(f.app.url, e)).status).toBe(200)
    expect(await historyOf(f.app.db, member.id)).toHaveLength(1)
  })

  it('applies the same event arriving many times at once exactly once', async () => {
    const { member, sub } = await freshCheckout()
    const [created] = [stripeEvent('customer.subscription.created', sub, sub.start_date)]
    const results = await Promise.all(Array.from({ length: 8 }, () => deliver(f.app.url, created!)))
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200))
    expect(await eventRows(created!.id)).toHaveLength(1)
    const history = await historyOf(f.app.db, member.id)
    expect(history).toHaveLength(1)
    expect((await memberRow(f.app.db, member.id)).status).toBe('active')
  })

  it('applies different events of one subscription arriving at once to one consistent state', async () => {
    const { member, sub, events } = await freshCheckout()
    const later = [...f.sim.failRenewal(sub), ...f.sim.recover(sub)]
    const results = await Promise.all([...events, ...later].map((e) => deliver(f.app.url, e)))
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(await memberRow(f.app.db, member.id)).toMatchObject({
      status: 'active',
      grace_until: null,
      mrr: 500,
    })
    expect(await historyOf(f.app.db, member.id)).toHaveLength(1)
  })
})

describe('failures during intake', () => {
  it('answers 5xx and writes nothing when the database fails mid-change; a retry applies it', async () => {
    const { member, events } = await freshCheckout()
    await sql`create or replace function patronage_test_fail() returns trigger language plpgsql as
      $$ begin raise exception 'simulated failure'; end $$`.execute(f.app.db)
    await sql`create trigger patronage_test_fail before insert on membership_history
      for each row execute function patronage_test_fail()`.execute(f.app.db)
    let res: Awaited<ReturnType<typeof deliver>>
    try {
      res = await deliver(f.app.url, events[0]!)
    } finally {
      await sql`drop trigger patronage_test_fail on membership_history`.execute(f.app.db)
    }
    expect(res.status).toBe(500)
    expect(res.body).toMatchObject({ type: '/problems/internal' })
    expect(res.text).not.toContain('simulated')
    expect(await eventRows(events[0]!.id)).toHaveLength(0)
    const subs = await f.app.db
      .selectFrom('subscriptions')
      .select('id')
      .where('member_id', '=', member.id)
      .execute()
    expect(subs).toHaveLength(0)
    expect((await memberRow(f.app.db, member.id)).status).toBe('none')

    expect((await deliver(f.app.url, events[0]!)).status).toBe(200)
    expect((await memberRow(f.app.db, member.id)).status).toBe('active')
  })

  it('answers 5xx when the database is unreachable', async () => {
    const { events } = await freshCheckout()
    const broken = connectDatabase({ url: 'postgres://patronage@127.0.0.1:9/none', poolSize: 1 })
    const server = createApp({ ...f.app.deps, db: broken }).listen(0)
    await new Promise((resolve) => server.once('listening', resolve))
    try {
      const res = await deliver(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, events[0]!)
      expect(res.status).toBeGreaterThanOrEqual(500)
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await broken.destroy()
    }
    expect(await eventRows(events[0]!.id)).toHaveLength(0)
  })

  it('answers 503 and writes nothing when Stripe cannot be reached; a retry applies it', async () => {
    const { member, events } = await freshCheckout()
    f.fake.failNext = 10
    const res = await deliver(f.app.url, events[0]!)
    f.fake.failNext = 0
    expect(res.status).toBe(503)
    expect(await eventRows(events[0]!.id)).toHaveLength(0)
    expect((await memberRow(f.app.db, member.id)).status).toBe('none')
    expect((await deliver(f.app.url, events[0]!)).status).toBe(200)
    expect((await memberRow(f.app.db, member.id)).status).toBe('active')
  })
})
