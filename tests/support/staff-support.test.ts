import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMember, createStaff, patronToken, staffToken, uniqueEmail } from '../helpers/factories.js'
import { type SupportFixture, startSupport } from './support-fixture.js'

let f: SupportFixture

beforeAll(async () => {
  f = await startSupport()
})
afterAll(() => f.close())

async function paidContribution(email: string, message?: string) {
  const res = await f.app.api('POST', '/v1/contributions', {
    body: { email, amount: 2000, currency: 'eur', ...(message ? { message } : {}) },
  })
  expect(res.status, res.text).toBe(201)
  await f.send(f.pay.pay(res.body.sessionId).events)
  return res.body.sessionId as string
}

describe('PUT /v1/admin/support', () => {
  it('is for admins only', async () => {
    const body = { gifts: [] }
    expect((await f.app.api('PUT', '/v1/admin/support', { body })).status).toBe(401)
    for (const role of ['editor', 'analyst'] as const) {
      const token = staffToken(f.app.deps, await createStaff(f.app.db, role))
      expect((await f.app.api('PUT', '/v1/admin/support', { body, token })).status).toBe(403)
    }
    const patron = patronToken(f.app.deps, await createMember(f.app.db))
    expect((await f.app.api('PUT', '/v1/admin/support', { body, token: patron })).status).toBe(403)
  })

  it('refuses a preset in a currency that is not offered, or outside the bounds, naming it', async () => {
    const cases: Array<[unknown, string]> = [
      [
        { currencies: ['eur'], presets: [{ currency: 'usd', amounts: [500] }] },
        'body.contributions.presets.0.currency',
      ],
      [
        { currencies: ['eur'], presets: [{ currency: 'eur', amounts: [50] }] },
        'body.contributions.presets.0.amounts.0',
      ],
    ]
    for (const [contributions, path] of cases) {
      const res = await f.app.api('PUT', '/v1/admin/support', {
        body: { contributions },
        token: f.adminToken,
      })
      expect(res.status).toBe(400)
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path)
    }
    const res = await f.app.api('PUT', '/v1/admin/support', {
      body: { gifts: [{ tierId: '00000000-0000-4000-8000-000000000000', months: [1] }] },
      token: f.adminToken,
    })
    expect(res.status).toBe(400)
  })

  it('switches each way off and on again', async () => {
    const off = await f.app.api('PUT', '/v1/admin/support', {
      body: { contributions: { currencies: [], presets: [] }, gifts: [] },
      token: f.adminToken,
    })
    expect(off.status).toBe(200)
    expect(off.body.contributions.currencies).toEqual([])
    expect(off.body.gifts).toEqual([])
    const refused = await f.app.api('POST', '/v1/contributions', {
      body: { email: uniqueEmail(), amount: 1000, currency: 'eur' },
    })
    expect(refused.status).toBe(400)
    const gift = await f.app.api('POST', '/v1/gifts', {
      body: {
        purchaserEmail: uniqueEmail(),
        recipientEmail: uniqueEmail(),
        tierId: f.tier.tierId,
        months: 1,
      },
    })
    expect(gift.status).toBe(400)
    const on = await f.app.api('PUT', '/v1/admin/support', {
      body: {
        contributions: { currencies: ['eur'], presets: [{ currency: 'eur', amounts: [500] }] },
        gifts: [{ tierId: f.tier.tierId, months: [12, 1] }],
      },
      token: f.adminToken,
    })
    expect(on.body.gifts[0].options.map((o: { months: number }) => o.months)).toEqual([1, 12])
  })
})

describe('contributions on the member and in contributions.csv', () => {
  it('shows a member’s contributions and gifts to staff', async () => {
    const email = uniqueEmail('seen')
    const sessionId = await paidContribution(email)
    await f.send(f.pay.refund(sessionId, 500))
    const member = await f.app.db
      .selectFrom('members')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow()
    const res = await f.app.api('GET', `/v1/admin/members/${member.id}`, { token: f.adminToken })
    expect(res.status).toBe(200)
    expect(res.body.contributions).toEqual([
      expect.objectContaining({
        kind: 'contribution',
        amount: 2000,
        status: 'partially_refunded',
        amountRefunded: 500,
      }),
    ])
    expect(res.body.gifts).toEqual([])
    const page = await f.app.api('GET', `/v1/me`, { token: patronToken(f.app.deps, member, []) })
    expect(page.body.entitlements).toEqual([])
  })

  it('exports paid contributions formula-safe, for analysts and admins only', async () => {
    const email = uniqueEmail('csv')
    await paidContribution(email, '=HYPERLINK("http://evil.test","click")')
    const analyst = staffToken(f.app.deps, await createStaff(f.app.db, 'analyst'))
    const res = await f.app.api('GET', '/v1/admin/exports/contributions.csv', { token: analyst })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    const line = res.text.split('\r\n').find((l) => l.includes(email))!
    expect(line).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`)
    expect(line).toContain(',20,eur,paid,0,') // major units, as members.csv writes MRR
    const editor = staffToken(f.app.deps, await createStaff(f.app.db, 'editor'))
    expect((await f.app.api('GET', '/v1/admin/exports/contributions.csv', { token: editor })).status).toBe(
      403,
    )
  })
})
