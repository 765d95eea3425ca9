import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp } from '../helpers/app.js'
import { createMember, createStaff, patronToken, staffToken, uniqueEmail } from '../helpers/factories.js'
import { deliver } from '../helpers/stripe-events.js'
import { type BillingFixture, seedMember, seedTier, startBilling } from './billing-fixture.js'

let f: BillingFixture
let tier: Awaited<ReturnType<typeof seedTier>>
let admin: string
let analyst: string
let editor: string

beforeAll(async () => {
  f = await startBilling({ ALLOWED_ORIGINS: 'https://news.example' })
  tier = await seedTier(f.app.db, f.sim)
  admin = staffToken(f.app.deps, await createStaff(f.app.db, 'admin'))
  analyst = staffToken(f.app.deps, await createStaff(f.app.db, 'analyst'))
  editor = staffToken(f.app.deps, await createStaff(f.app.db, 'editor'))
})
afterAll(() => f.close())

async function patron() {
  const { member, customer } = await seedMember(f.app.db, f.sim)
  const checkout = f.sim.checkout(member.id, customer, tier.month)
  for (const e of checkout.events) expect((await deliver(f.app.url, e)).status).toBe(200)
  return { member, customer, sub: checkout.sub, token: patronToken(f.app.deps, member) }
}

describe('GET /v1/me', () => {
  it('shows an active patron’s membership', async () => {
    const { member, sub, token } = await patron()
    const res = await f.app.api('GET', '/v1/me', { token })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      id: member.id,
      email: member.email,
      status: 'active',
      tier: { id: tier.tierId, name: 'Supporter' },
      currentPeriodEnd: new Date(sub.items.data[0].current_period_end * 1000).toISOString(),
      cancelAtPeriodEnd: false,
      graceUntil: null,
      entitlements: ['vote'],
      gift: null,
    })
  })

  it('shows graceUntil while past_due', async () => {
    const { sub, token } = await patron()
    const failed = f.sim.failRenewal(sub)
    for (const e of failed) await deliver(f.app.url, e)
    const res = await f.app.api('GET', '/v1/me', { token })
    expect(res.body.status).toBe('past_due')
    expect(res.body.graceUntil).toBe(new Date((failed[0]!.created + 7 * 86_400) * 1000).toISOString())
    expect(res.body.entitlements).toEqual(['vote'])
  })

  it('shows a member who never subscribed; staff and strangers are refused', async () => {
    const member = await createMember(f.app.db)
    const res = await f.app.api('GET', '/v1/me', { token: patronToken(f.app.deps, member, []) })
    expect(res.body).toMatchObject({ status: 'none', tier: null, entitlements: [], currentPeriodEnd: null })
    expect((await f.app.api('GET', '/v1/me')).status).toBe(401)
    expect((await f.app.api('GET', '/v1/me', { token: 'nonsense' })).status).toBe(401)
    expect((await f.app.api('GET', '/v1/me', { token: analyst })).status).toBe(403)
  })
})

describe('POST /v1/me/billing-portal', () => {
  it('opens a portal session for the caller’s own customer', async () => {
    const { customer, token } = await patron()
    const res = await f.app.api('POST', '/v1/me/billing-portal', {
      token,
      body: { returnUrl: 'https://news.example/account' },
    })
    expect(res.status).toBe(201)
    expect(res.body.url).toMatch(/^https:\/\/billing\.stripe\.test\//)
    const session = [...f.fake.objects.values()].find((o) => o.url === res.body.url)
    expect(session).toMatchObject({ customer: customer.id, return_url: 'https://news.example/account' })

    const noBody = await f.app.api('POST', '/v1/me/billing-portal', { token })
    expect(noBody.status).toBe(201)
  })

  it('refuses members without a customer, bad return URLs, and callers without a patron token', async () => {
    const member = await createMember(f.app.db)
    const token = patronToken(f.app.deps, member, [])
    expect((await f.app.api('POST', '/v1/me/billing-portal', { token, body: {} })).status).toBe(409)
    const bad = await f.app.api('POST', '/v1/me/billing-portal', { token, body: { returnUrl: 'ftp://x' } })
    expect(bad.status).toBe(400)
    expect(bad.body.type).toBe('/problems/validation')
    expect((await f.app.api('POST', '/v1/me/billing-portal', { body: {} })).status).toBe(401)
    expect((await f.app.api('POST', '/v1/me/billing-portal', { token: admin, body: {} })).status).toBe(403)
  })

  it('answers 503 without Stripe', async () => {
    const bare = await startTestApp()
    try {
      const member = await createMember(bare.db)
      const res = await bare.api('POST', '/v1/me/billing-portal', {
        token: patronToken(bare.deps, member),
        body: {},
      })
      expect(res.status).toBe(503)
      expect(res.body.type).toBe('/problems/stripe-not-configured')
    } finally {
      await bare.close()
    }
  })
})

describe('staff member views', () => {
  it('lists members with filters and cursor pagination (analyst and admin)', async () => {
    const a = await patron()
    const b = await patron()
    const marker = uniqueEmail('findme')
    const c = await createMember(f.app.db, { email: marker })

    const active = await f.app.api('GET', `/v1/admin/members?status=active&tierId=${tier.tierId}&limit=100`, {
      token: analyst,
    })
    expect(active.status).toBe(200)
    const ids = active.body.data.map((m: any) => m.id)
    expect(ids).toEqual(expect.arrayContaining([a.member.id, b.member.id]))
    expect(ids).not.toContain(c.id)
    expect(active.body.data.every((m: any) => m.status === 'active')).toBe(true)

    const found = await f.app.api('GET', `/v1/admin/members?q=${encodeURIComponent('FINDME')}`, {
      token: admin,
    })
    expect(found.body.data.map((m: any) => m.id)).toEqual([c.id])
    const percent = await f.app.api('GET', `/v1/admin/members?q=${encodeURIComponent('%')}`, { token: admin })
    expect(percent.body.data).toEqual([])

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res: any = await f.app.api(
        'GET',
        `/v1/admin/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        {
          token: analyst,
        },
      )
      expect(res.status).toBe(200)
      expect(res.body.data.length).toBeLessThanOrEqual(2)
      seen.push(...res.body.data.map((m: any) => m.id))
      cursor = res.body.nextCursor
    } while (cursor)
    const total = await f.app.db.selectFrom('members').select('id').execute()
    expect(seen).toHaveLength(total.length)
    expect(new Set(seen).size).toBe(total.length)
  })

  it('shows one member with subscriptions and history, oldest first', async () => {
    const { member, sub } = await patron()
    for (const e of f.sim.changePrice(sub, tier.year)) await deliver(f.app.url, e)
    for (const e of f.sim.end(sub)) await deliver(f.app.url, e)
    const res = await f.app.api('GET', `/v1/admin/members/${member.id}`, { token: analyst })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id: member.id, status: 'canceled', entitlements: [] })
    expect(res.body.subscriptions).toEqual([
      expect.objectContaining({ id: sub.id, status: 'canceled', interval: 'year', amount: 5000, mrr: 0 }),
    ])
    expect(res.body.history).toEqual([
      {
        at: new Date(sub.start_date * 1000).toISOString(),
        fromStatus: 'none',
        toStatus: 'active',
        mrrDelta: 500,
        currency: 'eur',
      },
      { at: expect.any(String), fromStatus: 'active', toStatus: 'active', mrrDelta: -83, currency: 'eur' },
      {
        at: new Date(sub.ended_at * 1000).toISOString(),
        fromStatus: 'active',
        toStatus: 'canceled',
        mrrDelta: -417,
        currency: 'eur',
      },
    ])
  })

  it('rejects bad queries, unknown ids and wrong roles', async () => {
    const cases: [string, string | undefined, number][] = [
      ['/v1/admin/members?limit=0', analyst, 400],
      ['/v1/admin/members?limit=101', analyst, 400],
      ['/v1/admin/members?status=gold', analyst, 400],
      ['/v1/admin/members?tierId=nope', analyst, 400],
      ['/v1/admin/members?cursor=%21%21', analyst, 400],
      ['/v1/admin/members?cursor=eyJ4IjoxfQ', analyst, 400],
      ['/v1/admin/members', editor, 403],
      ['/v1/admin/members', undefined, 401],
      ['/v1/admin/members/not-a-uuid', analyst, 400],
      ['/v1/admin/members/00000000-0000-4000-8000-000000000000', analyst, 404],
    ]
    for (const [path, token, status] of cases) {
      const res = await f.app.api('GET', path, token ? { token } : {})
      expect(res.status, path).toBe(status)
      expect(res.headers.get('content-type'), path).toMatch(/problem\+json/)
    }
  })
})

describe('comps', () => {
  it('an admin grants a comp that entitles a member who never paid', async () => {
    const member = await createMember(f.app.db)
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString()
    const res = await f.app.api('POST', `/v1/admin/members/${member.id}/comp`, {
      token: admin,
      body: { until, tierId: tier.tierId },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ memberId: member.id, tierId: tier.tierId, until })
    const me = await f.app.api('GET', '/v1/me', { token: patronToken(f.app.deps, member, []) })
    expect(me.body).toMatchObject({ status: 'none', entitlements: ['vote'], tier: { id: tier.tierId } })
  })

  it('rejects past dates, unknown members or tiers, and non-admins, granting nothing', async () => {
    const member = await createMember(f.app.db)
    const future = new Date(Date.now() + 86_400_000).toISOString()
    const path = `/v1/admin/members/${member.id}/comp`
    const bad: [unknown, string, number][] = [
      [{ until: new Date(Date.now() - 1000).toISOString() }, path, 400],
      [{ until: 'tomorrow' }, path, 400],
      [{}, path, 400],
      [{ until: future, tierId: 'x' }, path, 400],
      [{ until: future, tierId: '00000000-0000-4000-8000-000000000000' }, path, 404],
      [{ until: future }, '/v1/admin/members/00000000-0000-4000-8000-000000000000/comp', 404],
    ]
    for (const [body, p, status] of bad) {
      const res = await f.app.api('POST', p, { token: admin, body })
      expect(res.status, JSON.stringify(body)).toBe(status)
    }
    expect((await f.app.api('POST', path, { token: analyst, body: { until: future } })).status).toBe(403)
    expect((await f.app.api('POST', path, { token: editor, body: { until: future } })).status).toBe(403)
    const comps = await f.app.db.selectFrom('comps').select('id').where('member_id', '=', member.id).execute()
    expect(comps).toHaveLength(0)
  })
})
