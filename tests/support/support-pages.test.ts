import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redeemLoginToken, requestMagicLink } from '../../src/accounts/auth.service.js'
import { readSupportSettings } from '../../src/support/settings.repository.js'
import { CSRF_COOKIE } from '../../src/web/csrf.js'
import { SESSION_COOKIE } from '../../src/web/pages.js'
import { createStaff, uniqueEmail } from '../helpers/factories.js'
import { latestLoginToken } from '../web/harness.js'
import { type SupportFixture, startSupport } from './support-fixture.js'

/** The pages of other ways to support, as a browser without JavaScript posts them. */

let f: SupportFixture

beforeAll(async () => {
  f = await startSupport()
})
afterAll(() => f.close())

interface Browser {
  cookie: string
  csrf: string
}

/** A browser: its cookies, and the form token of a page it opened. */
async function browser(path: string, sessionOf?: string): Promise<Browser> {
  let cookie = ''
  if (sessionOf) {
    await requestMagicLink(f.app.deps, sessionOf, null)
    const { refreshToken } = await redeemLoginToken(f.app.deps, latestLoginToken(f.app, sessionOf))
    cookie = `${SESSION_COOKIE}=${refreshToken}`
  }
  const res = await fetch(f.app.url + path, { headers: { cookie, accept: 'text/html' } })
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${CSRF_COOKIE}=`))
  if (set) cookie = [cookie, set.split(';')[0]].filter(Boolean).join('; ')
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1] ?? ''
  return { cookie, csrf }
}

async function post(b: Browser, path: string, fields: Record<string, string | string[]>) {
  const form = new URLSearchParams({ _csrf: b.csrf })
  for (const [k, v] of Object.entries(fields))
    for (const one of ([] as string[]).concat(v)) form.append(k, one)
  const res = await fetch(f.app.url + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: b.cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  })
  return { status: res.status, location: res.headers.get('location'), text: await res.text() }
}

const count = async (table: 'one_time_payments' | 'gifts') =>
  Number(
    (
      await f.app.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('/support and /gift without JavaScript', () => {
  it('a preset goes to Checkout for that amount; bad amounts come back next to the field, nothing written', async () => {
    const b = await browser('/support')
    const ok = await post(b, '/support/contribute', { choice: 'eur:1500', email: uniqueEmail('page') })
    expect(ok.status, ok.text.slice(0, 300)).toBe(303)
    const sessionId = /\/c\/pay\/(cs_\w+)/.exec(ok.location ?? '')![1]!
    expect(f.fake.get(sessionId).line_items[0].price_data.unit_amount).toBe('1500')

    const own = await post(b, '/support/contribute', {
      choice: 'own',
      amount: '12,50',
      currency: 'usd',
      email: uniqueEmail('page'),
    })
    expect(own.status).toBe(303)
    const ownSession = /\/c\/pay\/(cs_\w+)/.exec(own.location ?? '')![1]!
    expect(f.fake.get(ownSession).line_items[0].price_data).toMatchObject({
      unit_amount: '1250',
      currency: 'usd',
    })

    const before = { payments: await count('one_time_payments'), stripe: f.fake.requests.length }
    const bad: Array<Record<string, string>> = [
      { choice: 'own', amount: '0' },
      { choice: 'own', amount: '-5' },
      { choice: 'own', amount: '1.234' },
      { choice: 'own', amount: '100000' },
      { choice: 'own', amount: '5', currency: 'gbp' },
      { choice: 'gbp:500' },
    ]
    for (const fields of bad) {
      const res = await post(b, '/support/contribute', { ...fields, email: uniqueEmail('bad') })
      expect(res.status, JSON.stringify(fields)).toBe(400)
      expect(res.text).toContain('id="field-amount-error"')
    }
    expect(await count('one_time_payments')).toBe(before.payments)
    expect(f.fake.requests.length).toBe(before.stripe)
  })

  it('a gift form refuses one’s own email, a past day and a long message, keeping what was typed', async () => {
    const b = await browser('/gift')
    const purchaser = uniqueEmail('buyer')
    const base = {
      gift: `${f.tier.tierId}:3`,
      recipientEmail: uniqueEmail('friend'),
      purchaserEmail: purchaser,
      message: 'Hi!',
    }
    const before = { gifts: await count('gifts'), stripe: f.fake.requests.length }
    const cases: Array<[Record<string, string>, string]> = [
      [{ recipientEmail: purchaser }, 'field-recipientEmail-error'],
      [{ sendAt: '2020-01-01' }, 'field-sendAt-error'],
      [{ sendAt: '2099-01-01' }, 'field-sendAt-error'],
      [{ sendAt: 'tomorrow' }, 'field-sendAt-error'],
      [{ message: 'x'.repeat(1001) }, 'field-message-error'],
      [{ gift: `${f.tier.tierId}:2` }, 'field-gift-error'],
    ]
    for (const [change, errorId] of cases) {
      const res = await post(b, '/gift', { ...base, ...change })
      expect(res.status, JSON.stringify(change)).toBe(400)
      expect(res.text).toContain(`id="${errorId}"`)
    }
    expect(await count('gifts')).toBe(before.gifts)
    expect(f.fake.requests.length).toBe(before.stripe)
    const ok = await post(b, '/gift', {
      ...base,
      sendAt: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10),
    })
    expect(ok.status).toBe(303)
    expect(ok.location).toMatch(/\/c\/pay\/cs_/)
  })

  it('a gift link that is unknown shows an error page, and its POST starts nothing', async () => {
    const get = await fetch(`${f.app.url}/gift/start?token=${'a'.repeat(43)}`, {
      headers: { accept: 'text/html' },
    })
    expect(get.status).toBe(400)
    const b = await browser('/gift')
    const res = await post(b, '/gift/start', { token: 'a'.repeat(43) })
    expect(res.status).toBe(400)
    expect(res.text).toContain('<!doctype html>')
  })
})

describe('/admin/support', () => {
  it('is for admins: an editor gets a 403 page', async () => {
    const editor = await createStaff(f.app.db, 'editor')
    const b = await browser('/admin', editor.email)
    const res = await fetch(`${f.app.url}/admin/support`, {
      headers: { cookie: b.cookie, accept: 'text/html' },
    })
    expect(res.status).toBe(403)
    expect((await post(b, '/admin/support', { currencies: '' })).status).toBe(403)
  })

  it('saves currencies, presets in whole units and giftable months; refuses presets it cannot read', async () => {
    const admin = await createStaff(f.app.db, 'admin')
    const b = await browser('/admin/support', admin.email)
    const saved = await post(b, '/admin/support', {
      currencies: 'EUR, usd',
      presets: 'eur: 5, 7.50, 20\nusd: 10',
      gift: [`${f.tier.tierId}:1`, `${f.tier.tierId}:12`],
    })
    expect(saved.status, saved.text.slice(0, 300)).toBe(303)
    expect(saved.location).toBe('/admin/support?done=saved')
    expect(await readSupportSettings(f.app.db)).toEqual({
      currencies: ['eur', 'usd'],
      presets: [
        { currency: 'eur', amounts: [500, 750, 2000] },
        { currency: 'usd', amounts: [1000] },
      ],
      gifts: [{ tierId: f.tier.tierId, months: [1, 12] }],
    })
    const page = await (await fetch(`${f.app.url}/admin/support`, { headers: { cookie: b.cookie } })).text()
    expect(page).toContain('eur: 5, 7.5, 20')

    for (const presets of ['eur 5', 'gbp: 5', 'eur: 0.5']) {
      const res = await post(b, '/admin/support', { currencies: 'eur', presets })
      expect(res.status, presets).toBe(400)
    }
    expect((await readSupportSettings(f.app.db)).currencies).toEqual(['eur', 'usd'])

    const off = await post(b, '/admin/support', { currencies: '', presets: '' })
    expect(off.status).toBe(303)
    expect(await readSupportSettings(f.app.db)).toMatchObject({ currencies: [], gifts: [] })
  })
})

describe('a refusal that belongs to no field', () => {
  it('too many Checkouts from one address: 429, the form again with the reason, nothing written', async () => {
    const on = await f.app.api('PUT', '/v1/admin/support', {
      token: f.adminToken,
      body: { contributions: { currencies: ['eur'], presets: [{ currency: 'eur', amounts: [500] }] } },
    })
    expect(on.status).toBe(200)
    const b = await browser('/support')
    // This address has used up its Checkouts for the window (as /v1/checkout counts them).
    const ips = ['127.0.0.1', '::1', '::ffff:127.0.0.1']
    const limit = f.app.deps.config.checkoutLimitPerIp
    await f.app.db
      .insertInto('checkout_requests')
      .values(ips.flatMap((ip) => Array.from({ length: limit }, () => ({ ip }))))
      .execute()
    try {
      const before = await count('one_time_payments')
      const res = await post(b, '/support/contribute', { choice: 'eur:500', email: uniqueEmail('many') })
      expect(res.status).toBe(429)
      expect(res.text).toContain('role="alert"')
      expect(res.text).toContain('Please wait a few minutes and try again.')
      expect(await count('one_time_payments')).toBe(before)
    } finally {
      await f.app.db.deleteFrom('checkout_requests').where('ip', 'in', ips).execute()
    }
  })
})
