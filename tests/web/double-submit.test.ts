import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, createStaff, patronToken } from '../helpers/factories.js'
import { seedRound } from './fixtures.js'
import type { FormClient } from './form-client.js'
import { signedInClient } from './harness.js'

/**
 * Every creating form carries a one-time key: six posts of one form sent at once (a double click, a
 * resend, an impatient reader) create one thing, and each answers with the first one's redirect.
 */

let app: TestApp
let seed: Awaited<ReturnType<typeof seedRound>>

beforeAll(async () => {
  app = await startTestApp()
  seed = await seedRound(app)
})
afterAll(() => app?.close())

const signedIn = (email: string) => signedInClient(app, email)

/** The one-time key of the form posting to `action` on the page the browser last read. */
const keyOf = (html: string, action: string) => {
  const form = html.slice(html.indexOf(`action="${action}"`))
  const key = /name="key" value="([0-9a-f-]{36})"/.exec(form.slice(0, form.indexOf('</form>')))?.[1]
  if (!key) throw new Error(`no key in the form posting to ${action}`)
  return key
}

/** Six posts of the same form at once; every answer must be the same redirect. */
async function sixAtOnce(browser: FormClient, action: string, form: Record<string, string>) {
  const answers = await Promise.all(Array.from({ length: 6 }, () => browser.post(action, form)))
  expect(answers.map((a) => a.status)).toEqual(Array(6).fill(303))
  expect(new Set(answers.map((a) => a.location)).size).toBe(1)
  return answers[0]!.location!
}

const count = async (table: 'comps' | 'topics' | 'rounds' | 'suggestions', where: [string, string]) =>
  (
    await app.db
      .selectFrom(table)
      .select('id')
      .where(where[0] as never, '=', where[1] as never)
      .execute()
  ).length

const inAMonth = () => new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)

describe('creating forms posted six times at once create once', () => {
  let admin: FormClient
  beforeAll(async () => {
    admin = await signedIn((await createStaff(app.db, 'admin')).email)
  })

  it('a comp; and ending it ends the vote it gave', async () => {
    const member = await createMember(app.db)
    const page = await admin.get(`/admin/members/${member.id}`)
    const key = keyOf(page.text, `/admin/members/${member.id}/comps`)
    await sixAtOnce(admin, `/admin/members/${member.id}/comps`, { until: inAMonth(), tierId: '', key })
    expect(await count('comps', ['member_id', member.id])).toBe(1)

    const token = patronToken(app.deps, member)
    const vote = (topicId: string) =>
      app.api('POST', `/v1/rounds/${seed.roundId}/votes`, { token, body: { topicId } })
    expect((await vote(seed.topicIds[0]!)).status).toBe(201)

    const comp = await app.db
      .selectFrom('comps')
      .select('id')
      .where('member_id', '=', member.id)
      .executeTakeFirstOrThrow()
    await admin.get(`/admin/members/${member.id}`)
    const ended = await admin.post(`/admin/members/${member.id}/comps/${comp.id}/end`)
    expect(ended.status).toBe(303)
    const refused = await vote(seed.topicIds[1]!)
    expect(refused.status).toBe(403)
    expect(refused.body).toMatchObject({ type: '/problems/not-entitled', code: 'vote-needs-membership' })
  })

  it('a topic', async () => {
    const page = await admin.get(`/admin/rounds/${seed.roundId}`)
    const action = `/admin/rounds/${seed.roundId}/topics`
    await sixAtOnce(admin, action, {
      title: 'Bridges at night',
      description: '',
      key: keyOf(page.text, action),
    })
    const topics = await app.db
      .selectFrom('topics')
      .select('id')
      .where('round_id', '=', seed.roundId)
      .where('title', '=', 'Bridges at night')
      .execute()
    expect(topics.length).toBe(1)
  })

  it('a round', async () => {
    const page = await admin.get('/admin/rounds')
    const to = await sixAtOnce(admin, '/admin/rounds', {
      title: 'January round',
      description: '',
      opensAt: '2030-01-01T10:00',
      closesAt: '2030-01-20T10:00',
      votesPerMember: '3',
      resultsVisibility: 'live',
      key: keyOf(page.text, '/admin/rounds'),
    })
    expect(to).toMatch(/^\/admin\/rounds\/[0-9a-f-]{36}\?done=round-created$/)
    expect(await count('rounds', ['title', 'January round'])).toBe(1)
  })

  it('a suggestion', async () => {
    const member = await createMember(app.db, { status: 'active' })
    const patron = await signedIn(member.email)
    const page = await patron.get(`/rounds/${seed.roundId}`)
    const action = `/rounds/${seed.roundId}/suggestions`
    await sixAtOnce(patron, action, { title: 'Tram delays', description: '', key: keyOf(page.text, action) })
    expect(await count('suggestions', ['member_id', member.id])).toBe(1)
  })

  it('a form without its key creates nothing', async () => {
    const member = await createMember(app.db)
    await admin.get(`/admin/members/${member.id}`)
    const res = await admin.post(`/admin/members/${member.id}/comps`, { until: inAMonth(), tierId: '' })
    expect(res.status).toBe(400)
    expect(await count('comps', ['member_id', member.id])).toBe(0)
  })

  it('a refused form may be sent again with its key (the refusal stored nothing)', async () => {
    const page = await admin.get('/admin/rounds')
    const key = keyOf(page.text, '/admin/rounds')
    const form = {
      title: 'Retried round',
      description: '',
      opensAt: '2030-02-01T10:00',
      votesPerMember: '3',
      resultsVisibility: 'live',
      key,
    }
    expect((await admin.post('/admin/rounds', { ...form, closesAt: '' })).status).toBe(400)
    expect((await admin.post('/admin/rounds', { ...form, closesAt: '2030-02-20T10:00' })).status).toBe(303)
    expect(await count('rounds', ['title', 'Retried round'])).toBe(1)
  })
})
