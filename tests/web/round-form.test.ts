import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../helpers/app.js'
import { createStaff } from '../helpers/factories.js'
import { signedInClient, startPageApp } from './harness.js'

// Issue 19, item 21: the round form says why, in words, and says what a coverage link does.
let app: TestApp
beforeAll(async () => {
  app = await startPageApp()
})
afterAll(() => app?.close())

describe('the staff round form', () => {
  it.each([
    ['en', 'Voting must close after it opens.'],
    ['uk', 'Голосування має завершуватися після початку.'],
  ])('names a close before the open, next to the closing field (%s)', async (lang, message) => {
    const editor = await createStaff(app.db, 'editor')
    const client = await signedInClient(app, editor.email)
    await client.get(`/admin/rounds?lang=${lang}`)
    const res = await client.post('/admin/rounds', {
      title: 'Backwards',
      opensAt: '2027-01-10T10:00',
      closesAt: '2027-01-09T10:00',
      votesPerMember: '3',
      resultsVisibility: 'live',
      key: randomUUID(),
    })
    expect(res.status).toBe(400)
    expect(res.text).toContain(message)
    expect(res.text).not.toContain(lang === 'en' ? 'This value is not valid' : 'Неприпустиме значення')
    expect(await app.db.selectFrom('rounds').select('id').where('title', '=', 'Backwards').execute()).toEqual(
      [],
    )
  })
})
