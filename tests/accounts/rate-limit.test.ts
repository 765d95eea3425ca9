import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, uniqueEmail } from '../helpers/factories.js'
import { linksTo } from './helpers.js'

/** Behind a proxy (TRUST_PROXY=true) the client's IP comes from X-Forwarded-For. */
let proxied: TestApp
/** Without TRUST_PROXY, X-Forwarded-For is ignored: it cannot be forged to dodge the IP limit. */
let direct: TestApp
beforeAll(async () => {
  ;[proxied, direct] = await Promise.all([
    startTestApp({ TRUST_PROXY: 'true', LOGIN_LIMIT_PER_IP: '8' }),
    startTestApp({ LOGIN_LIMIT_PER_IP: '3' }),
  ])
})
afterAll(() => Promise.all([proxied.close(), direct.close()]))

let ipCounter = 1
const freshIp = () => `203.0.113.${ipCounter++}`
const ask = (app: TestApp, email: string, ip?: string) =>
  app.api('POST', '/v1/auth/magic-link', {
    body: { email },
    headers: ip ? { 'x-forwarded-for': ip } : {},
  })

describe('magic-link rate limits', () => {
  it('allows 5 requests per email in 15 minutes, then 429 rate-limited with Retry-After', async () => {
    const member = await createMember(proxied.db)
    for (let i = 0; i < 5; i++) expect((await ask(proxied, member.email, freshIp())).status).toBe(202)
    const refused = await ask(proxied, member.email, freshIp())
    expect(refused.status).toBe(429)
    expect(refused.body).toMatchObject({ type: '/problems/rate-limited', status: 429 })
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(15 * 60)
    expect(linksTo(proxied, member.email)).toHaveLength(5)
    // Another address is not affected.
    expect((await ask(proxied, uniqueEmail(), freshIp())).status).toBe(202)
  })

  it('counts only the last 15 minutes', async () => {
    const member = await createMember(proxied.db)
    for (let i = 0; i < 5; i++) await ask(proxied, member.email, freshIp())
    expect((await ask(proxied, member.email, freshIp())).status).toBe(429)
    await sql`
      update login_tokens set created_at = created_at - interval '15 minutes 1 second',
        expires_at = expires_at - interval '15 minutes 1 second'
      where email = ${member.email}`.execute(proxied.db)
    expect((await ask(proxied, member.email, freshIp())).status).toBe(202)
  })

  it('limits an unknown address exactly like a known one (no enumeration through 429)', async () => {
    const known = await createMember(proxied.db)
    const unknown = uniqueEmail('nobody')
    const statuses = async (email: string) => {
      const out: number[] = []
      for (let i = 0; i < 6; i++) out.push((await ask(proxied, email, freshIp())).status)
      return out
    }
    expect(await statuses(known.email)).toEqual(await statuses(unknown))
  })

  it('holds under concurrent requests for one address', async () => {
    const member = await createMember(proxied.db)
    const answers = await Promise.all(Array.from({ length: 10 }, () => ask(proxied, member.email, freshIp())))
    const counts = answers.reduce<Record<number, number>>((acc, r) => {
      acc[r.status] = (acc[r.status] ?? 0) + 1
      return acc
    }, {})
    expect(counts).toEqual({ 202: 5, 429: 5 })
    expect(linksTo(proxied, member.email)).toHaveLength(5)
  })

  it('limits requests per IP, whatever the addresses', async () => {
    const ip = freshIp()
    for (let i = 0; i < 8; i++) expect((await ask(proxied, uniqueEmail(), ip)).status).toBe(202)
    const refused = await ask(proxied, uniqueEmail(), ip)
    expect(refused.status).toBe(429)
    expect(refused.body).toMatchObject({ type: '/problems/rate-limited' })
    expect((await ask(proxied, uniqueEmail(), freshIp())).status).toBe(202)
  })

  it('ignores X-Forwarded-For unless TRUST_PROXY says to believe it', async () => {
    for (let i = 0; i < 3; i++) expect((await ask(direct, uniqueEmail(), freshIp())).status).toBe(202)
    expect((await ask(direct, uniqueEmail(), freshIp())).status).toBe(429)
  })
})
