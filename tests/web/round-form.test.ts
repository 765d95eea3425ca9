import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../helpers/app.js'
import { createMember, createStaff } from '../helpers/factories.js'
import type { FormClient } from './form-client.js'
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

// Issue 19, item 15: staff give a round's and a topic's words in the second language on the pages.
describe('a round and its topics in both languages from the staff pages', () => {
  const inPast = '2026-01-01T09:00'
  const inFuture = '2036-01-01T18:00'

  async function createRoundFromPage(editor: FormClient, fields: Record<string, string>) {
    await editor.get('/admin/rounds?lang=en')
    return editor.post('/admin/rounds', {
      opensAt: inPast,
      closesAt: inFuture,
      votesPerMember: '3',
      resultsVisibility: 'live',
      key: randomUUID(),
      ...fields,
    })
  }

  it('shows each page its own language and falls back to the original', async () => {
    const editor = await signedInClient(app, (await createStaff(app.db, 'editor')).email)
    const created = await createRoundFromPage(editor, {
      title: 'Who pays for the metro?',
      'title.uk': 'Хто платить за метро?',
      'description.uk': 'Три голоси кожному.',
      topics: 'Night trains',
    })
    expect(created.status).toBe(303)
    const roundId = /rounds\/([0-9a-f-]{36})/.exec(created.location ?? '')![1]!
    await editor.get(`/admin/rounds/${roundId}`)
    const added = await editor.post(`/admin/rounds/${roundId}/topics`, {
      title: 'Bike lanes',
      'title.uk': 'Велодоріжки',
      key: randomUUID(),
    })
    expect(added.status).toBe(303)
    // The staff page offers the Ukrainian words back for editing, in the round's and the topic's forms.
    const staffPage = await editor.get(`/admin/rounds/${roundId}`)
    expect(staffPage.text).toContain('value="Хто платить за метро?"')
    expect(staffPage.text).toContain('value="Велодоріжки"')
    const rows = await app.db
      .selectFrom('topics')
      .select(['id', 'title'])
      .where('round_id', '=', roundId)
      .execute()
    const bikeLanes = rows.find((t) => t.title === 'Bike lanes')!
    // A topic edited with a new Ukrainian title keeps its English one.
    await editor.get(`/admin/rounds/${roundId}`)
    const edited = await editor.post(`/admin/topics/${bikeLanes.id}`, {
      title: 'Bike lanes',
      description: '',
      'title.uk': 'Велосипедні доріжки',
      'description.uk': '',
      status: 'open',
      coverageUrl: '',
    })
    expect(edited.status).toBe(303)
    expect(edited.location).toBe(`/admin/rounds/${roundId}?done=saved#topic-${bikeLanes.id}`)

    const member = await createMember(app.db, { status: 'active' })
    const patron = await signedInClient(app, member.email)
    const uk = await patron.get(`/rounds/${roundId}?lang=uk`)
    expect(uk.status).toBe(200)
    expect(uk.text).toContain('Хто платить за метро?')
    expect(uk.text).toContain('Три голоси кожному.')
    expect(uk.text).toContain('Велосипедні доріжки')
    // No Ukrainian title for this topic: the original shows.
    expect(uk.text).toContain('Night trains')
    expect(uk.text).not.toContain('Who pays for the metro?')
    const en = await patron.get(`/rounds/${roundId}?lang=en`)
    expect(en.text).toContain('Who pays for the metro?')
    expect(en.text).toContain('Bike lanes')
    expect(en.text).not.toContain('Велосипедні')
    // The public outcome follows the same rule, for anyone.
    const outcome = await fetch(`${app.url}/rounds/${roundId}/outcome?lang=uk`).then((r) => r.text())
    expect(outcome).toContain('Хто платить за метро?')
    expect(outcome).toContain('Велосипедні доріжки')
  })

  it('answers a translation too long with the form again, the error by its field, and saves nothing', async () => {
    const editor = await signedInClient(app, (await createStaff(app.db, 'editor')).email)
    const res = await createRoundFromPage(editor, {
      title: 'Too long in Ukrainian',
      'title.uk': 'я'.repeat(201),
    })
    expect(res.status).toBe(400)
    expect(res.text).toMatch(
      /id="field-title\.uk-error" class="field-error">This is too long \(at most 200 characters\)/,
    )
    expect(
      await app.db.selectFrom('rounds').select('id').where('title', '=', 'Too long in Ukrainian').execute(),
    ).toEqual([])

    const created = await createRoundFromPage(editor, { title: 'Kept as it was', topics: 'Rents' })
    const roundId = /rounds\/([0-9a-f-]{36})/.exec(created.location ?? '')![1]!
    const topic = await app.db
      .selectFrom('topics')
      .select(['id', 'title', 'translations'])
      .where('round_id', '=', roundId)
      .executeTakeFirstOrThrow()
    await editor.get(`/admin/rounds/${roundId}`)
    const bad = await editor.post(`/admin/topics/${topic.id}`, {
      title: 'Rents everywhere',
      'title.uk': 'я'.repeat(201),
      status: 'open',
    })
    expect(bad.status).toBe(400)
    // The topic's own editor is open again with the error next to the Ukrainian title.
    expect(bad.text).toContain(`id="topic-${topic.id}-title-uk-error"`)
    expect(bad.text).toMatch(
      new RegExp(
        `<details class="topic-edit" open><summary>[^<]+</summary><form[^>]+id="topic-${topic.id}-form"`,
      ),
    )
    const added = await editor.post(`/admin/rounds/${roundId}/topics`, {
      title: 'Parks',
      'description.uk': 'я'.repeat(5001),
      key: randomUUID(),
    })
    expect(added.status).toBe(400)
    expect(added.text).toContain('id="topic-description-uk-error"')
    expect(
      await app.db
        .selectFrom('topics')
        .select(['id', 'title', 'translations'])
        .where('round_id', '=', roundId)
        .execute(),
    ).toEqual([topic])
  })
})
