import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openRounds } from '../../src/voting/public-round.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createStaff, staffToken } from '../helpers/factories.js'

// A round's and a topic's words in a second language: stored, answered, replaced, validated.
let app: TestApp
let editor: string
beforeAll(async () => {
  app = await startTestApp()
  editor = staffToken(app.deps, await createStaff(app.db, 'editor'))
})
afterAll(() => app?.close())

describe('round and topic translations', () => {
  it('keeps today’s fields and adds the translations, for a round created with its topics', async () => {
    const res = await app.api('POST', '/v1/admin/rounds', {
      token: editor,
      body: {
        title: 'What next?',
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 86_400_000).toISOString(),
        votesPerMember: 2,
        resultsVisibility: 'live',
        translations: { uk: { title: 'Що далі?' } },
        topics: [
          { title: 'Night buses', translations: { uk: { title: 'Нічні автобуси', description: 'Чому' } } },
        ],
      },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ title: 'What next?', translations: { uk: { title: 'Що далі?' } } })
    expect(res.body.topics[0]).toMatchObject({
      title: 'Night buses',
      translations: { uk: { title: 'Нічні автобуси', description: 'Чому' } },
    })
    const topicId = res.body.topics[0].id
    const patched = await app.api('PATCH', `/v1/admin/topics/${topicId}`, {
      token: editor,
      body: { translations: { uk: { title: 'Нічний транспорт' } } },
    })
    expect(patched.status).toBe(200)
    expect(patched.body.translations).toEqual({ uk: { title: 'Нічний транспорт' } })
    const round = (await openRounds(app.db)).find((r) => r.id === res.body.id)
    expect(round?.translations).toEqual({ uk: { title: 'Що далі?' } })
    expect(round?.topics[0]?.translations).toEqual({ uk: { title: 'Нічний транспорт' } })
  })

  it('refuses a language or field it does not know: 400 validation, nothing changed', async () => {
    const res = await app.api('POST', '/v1/admin/rounds', {
      token: editor,
      body: {
        title: 'Bad',
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 86_400_000).toISOString(),
        votesPerMember: 2,
        resultsVisibility: 'live',
        translations: { de: { title: 'Schlecht' } },
      },
    })
    expect(res.status).toBe(400)
    expect(await app.db.selectFrom('rounds').select('id').where('title', '=', 'Bad').execute()).toEqual([])
  })
})
