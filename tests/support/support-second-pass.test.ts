import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FormClient } from '../web/form-client.js'
import { type SupportFixture, startSupport } from './support-fixture.js'

/** What a new reader met on a second pass over issue 19: the support pages and where they lead. */

let f: SupportFixture
beforeAll(async () => {
  f = await startSupport()
})
afterAll(() => f.close())

const offer = (on: boolean) =>
  f.app.api('PUT', '/v1/admin/support', {
    token: f.adminToken,
    body: on
      ? {
          contributions: { currencies: ['eur'], presets: [{ currency: 'eur', amounts: [500] }] },
          gifts: [{ tierId: f.tier.tierId, months: [3] }],
        }
      : { contributions: { currencies: [], presets: [] }, gifts: [] },
  })

describe('other ways to support', () => {
  it('name a gift’s tier in the page’s language where staff translated it', async () => {
    expect((await offer(true)).status).toBe(200)
    await f.app.db
      .updateTable('tiers')
      .set({ translations: JSON.stringify({ uk: { name: 'Прихильник' } }) })
      .where('id', '=', f.tier.tierId)
      .execute()
    const reader = new FormClient(f.app.url)
    const uk = (await reader.get('/support?lang=uk')).text
    expect(uk).toMatch(/name="gift"[^>]*\/?>\s*[^<]*Прихильник/)
    expect(uk).not.toContain('Supporter')
    const en = (await reader.get('/gift?lang=en')).text
    expect(en).toMatch(/name="gift"[^>]*\/?>\s*[^<]*Supporter/)
  })

  it('with nothing on offer, are no dead end and the home page does not lead there', async () => {
    expect((await offer(false)).status).toBe(200)
    const reader = new FormClient(f.app.url)
    const home = (await reader.get('/?lang=en')).text
    expect(home).not.toContain('href="/support"')
    for (const path of ['/support', '/gift']) {
      const page = (await reader.get(path)).text
      expect(page).toContain('Nothing else is on offer right now')
      expect(page).not.toContain('Give once, or give someone a membership')
      expect(page).toMatch(/<a class="button" href="\/">See the memberships<\/a>/)
    }
    const uk = (await reader.get('/support?lang=uk')).text
    expect(uk).toMatch(/<a class="button" href="\/">Переглянути варіанти членства<\/a>/)

    expect((await offer(true)).status).toBe(200)
    expect((await reader.get('/?lang=en')).text).toContain('href="/support"')
  })
})
