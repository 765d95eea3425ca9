import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../helpers/app.js'
import { createMember } from '../helpers/factories.js'
import { seedRound } from '../web/fixtures.js'
import { FormClient } from '../web/form-client.js'
import { signedInClient, startPageApp } from '../web/harness.js'

// The public outcome page, the one a newsroom shares: in the reader's language, and an invitation.
let app: TestApp
let roundId: string
beforeAll(async () => {
  app = await startPageApp({ SITE_NAME: 'The Kyiv Ledger' })
  const seeded = await seedRound(app, ['Night buses'])
  roundId = seeded.roundId
  const translate = { token: seeded.admin }
  const round = await app.api('PATCH', `/v1/admin/rounds/${roundId}`, {
    ...translate,
    body: { translations: { uk: { title: 'Що далі?', description: 'По три голоси.' } } },
  })
  const topic = await app.api('PATCH', `/v1/admin/topics/${seeded.topicIds[0]}`, {
    ...translate,
    body: { translations: { uk: { title: 'Нічні автобуси' } } },
  })
  expect([round.status, topic.status]).toEqual([200, 200])
})
afterAll(() => app?.close())

describe('the public outcome page', () => {
  it('shows the round and its topics in the page’s language, falling back to the original', async () => {
    const reader = new FormClient(app.url)
    const uk = (await reader.get(`/rounds/${roundId}/outcome?lang=uk`)).text
    for (const words of ['<h1>Що далі?</h1>', 'По три голоси.', 'Нічні автобуси']) expect(uk).toContain(words)
    expect(uk).not.toContain('Night buses')
    const en = (await reader.get(`/rounds/${roundId}/outcome?lang=en`)).text
    for (const words of ['<h1>What should we cover in December?</h1>', 'Night buses'])
      expect(en).toContain(words)
  })

  it('invites a reader who cannot vote to become a patron, and spares a patron who can', async () => {
    const reader = new FormClient(app.url)
    const page = (await reader.get(`/rounds/${roundId}/outcome?lang=uk`)).text
    expect(page).toContain('Меценати «The Kyiv Ledger» обирають, про що ми напишемо далі.')
    expect(page).toMatch(/<a class="button" href="\/">Станьте меценатом<\/a>/)

    const patron = await createMember(app.db, { status: 'active' })
    const signedIn = await signedInClient(app, patron.email)
    const own = (await signedIn.get(`/rounds/${roundId}/outcome?lang=en`)).text
    expect(own).toContain('<h1>What should we cover in December?</h1>')
    expect(own).not.toContain('choose what we cover next')
  })
})
