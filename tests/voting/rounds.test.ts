import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, createStaff, patronToken, staffToken } from '../helpers/factories.js'
import { createRound, MISSING_ID } from './fixtures.js'

let app: TestApp
let editor: string
let admin: string
let analyst: string
let patron: string
beforeAll(async () => {
  app = await startTestApp()
  editor = staffToken(app.deps, await createStaff(app.db, 'editor'))
  admin = staffToken(app.deps, await createStaff(app.db, 'admin'))
  analyst = staffToken(app.deps, await createStaff(app.db, 'analyst'))
  patron = patronToken(app.deps, await createMember(app.db, { status: 'active' }))
})
afterAll(() => app.close())

const HOUR = 3_600_000
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString()
const newRound = (fields: Record<string, unknown> = {}) => ({
  title: 'Spring round',
  description: 'What should the newsroom dig into?',
  opensAt: iso(-HOUR),
  closesAt: iso(7 * 24 * HOUR),
  votesPerMember: 3,
  resultsVisibility: 'live',
  ...fields,
})

describe('rounds (editors)', () => {
  it('creates a round (201) whose state comes from the database clock', async () => {
    const body = newRound()
    const res = await app.api('POST', '/v1/admin/rounds', { token: editor, body })
    expect(res.status).toBe(201)
    expect(res.body).toEqual({
      id: expect.any(String),
      title: 'Spring round',
      description: 'What should the newsroom dig into?',
      opensAt: body.opensAt,
      closesAt: body.closesAt,
      state: 'open',
      votesPerMember: 3,
      resultsVisibility: 'live',
      translations: {},
      topics: [],
    })
    const withTopics = await app.api('POST', '/v1/admin/rounds', {
      token: editor,
      body: newRound({ topics: [{ title: 'Rents', description: 'Why they rose' }, { title: 'Shelters' }] }),
    })
    expect(withTopics.status).toBe(201)
    expect(withTopics.body.topics).toEqual([
      expect.objectContaining({
        roundId: withTopics.body.id,
        title: 'Rents',
        description: 'Why they rose',
        status: 'open',
      }),
      expect.objectContaining({
        roundId: withTopics.body.id,
        title: 'Shelters',
        description: null,
        status: 'open',
      }),
    ])
    const upcoming = await app.api('POST', '/v1/admin/rounds', {
      token: admin,
      body: newRound({ opensAt: iso(HOUR), description: undefined }),
    })
    expect(upcoming.status).toBe(201)
    expect(upcoming.body).toMatchObject({ state: 'upcoming', description: null })
  })

  it('rejects bad rounds with 400 validation naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [newRound({ closesAt: iso(-2 * HOUR) }), 'body.closesAt'],
      [newRound({ votesPerMember: 0 }), 'body.votesPerMember'],
      [newRound({ votesPerMember: 101 }), 'body.votesPerMember'],
      [newRound({ votesPerMember: 1.5 }), 'body.votesPerMember'],
      [newRound({ resultsVisibility: 'sometimes' }), 'body.resultsVisibility'],
      [newRound({ title: 'x'.repeat(201) }), 'body.title'],
      [newRound({ title: '' }), 'body.title'],
      [newRound({ description: 'x'.repeat(5001) }), 'body.description'],
      [newRound({ opensAt: 'tomorrow' }), 'body.opensAt'],
      [newRound({ topics: [{ title: 'Fine' }, { title: '' }] }), 'body.topics.1.title'],
      [newRound({ topics: [{ title: 'x'.repeat(201) }] }), 'body.topics.0.title'],
      [newRound({ topics: 'Rents' }), 'body.topics'],
    ]
    const roundsBefore = await app.db
      .selectFrom('rounds')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    for (const [body, path] of cases) {
      const res = await app.api('POST', '/v1/admin/rounds', { token: editor, body })
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(res.body.type).toBe('/problems/validation')
      expect(res.body.errors.map((e: any) => e.path)).toContain(path)
    }
    const roundsAfter = await app.db
      .selectFrom('rounds')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(roundsAfter.n)).toBe(Number(roundsBefore.n))
  })

  it('lets only editors and admins manage rounds', async () => {
    for (const token of [analyst, patron]) {
      const res = await app.api('POST', '/v1/admin/rounds', { token, body: newRound() })
      expect(res.status).toBe(403)
      expect(res.body.type).toBe('/problems/forbidden')
    }
    expect((await app.api('POST', '/v1/admin/rounds', { body: newRound() })).status).toBe(401)
    const round = await createRound(app.db)
    expect(
      (await app.api('PATCH', `/v1/admin/rounds/${round.id}`, { token: analyst, body: { title: 'x' } }))
        .status,
    ).toBe(403)
    expect(
      (await app.api('POST', `/v1/admin/rounds/${round.id}/topics`, { token: patron, body: { title: 'x' } }))
        .status,
    ).toBe(403)
  })

  it('closes a round at once when closesAt moves into the past, and validates the merged window', async () => {
    const round = await createRound(app.db)
    const bad = await app.api('PATCH', `/v1/admin/rounds/${round.id}`, {
      token: editor,
      body: { opensAt: iso(48 * HOUR) },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.type).toBe('/problems/validation')

    const edited = await app.api('PATCH', `/v1/admin/rounds/${round.id}`, {
      token: editor,
      body: { closesAt: iso(HOUR), title: 'Renamed', votesPerMember: 5, resultsVisibility: 'after_close' },
    })
    expect(edited.status).toBe(200)
    expect(edited.body).toMatchObject({
      state: 'open',
      title: 'Renamed',
      votesPerMember: 5,
      resultsVisibility: 'after_close',
    })

    const closed = await app.api('PATCH', `/v1/admin/rounds/${round.id}`, {
      token: editor,
      body: { closesAt: iso(-60_000) },
    })
    expect(closed.status).toBe(200)
    expect(closed.body.state).toBe('closed')

    expect((await app.api('PATCH', `/v1/admin/rounds/${round.id}`, { token: editor, body: {} })).status).toBe(
      400,
    )
    expect(
      (await app.api('PATCH', `/v1/admin/rounds/${round.id}`, { token: editor, body: { state: 'closed' } }))
        .status,
    ).toBe(400)
    expect(
      (await app.api('PATCH', `/v1/admin/rounds/${MISSING_ID}`, { token: editor, body: { title: 'x' } }))
        .status,
    ).toBe(404)
  })

  it('lists rounds newest first with an opaque cursor', async () => {
    const list = await app.api('GET', '/v1/rounds?limit=2', { token: patron })
    expect(list.status).toBe(200)
    expect(list.body.data).toHaveLength(2)
    expect(list.body.nextCursor).toEqual(expect.any(String))
    const all: string[] = []
    let cursor: string | null = null
    do {
      const res: any = await app.api('GET', `/v1/rounds?limit=1${cursor ? `&cursor=${cursor}` : ''}`, {
        token: patron,
      })
      expect(res.status).toBe(200)
      all.push(...res.body.data.map((r: any) => r.id))
      cursor = res.body.nextCursor
    } while (cursor)
    expect(new Set(all).size).toBe(all.length)
    const { rows } = await app.db
      .selectFrom('rounds')
      .select('id')
      .execute()
      .then((rows) => ({ rows }))
    expect(all.sort()).toEqual(rows.map((r) => r.id).sort())

    const staff = await app.api('GET', '/v1/admin/rounds', { token: editor })
    expect(staff.status).toBe(200)
    expect(staff.body.data).toHaveLength(rows.length)
    for (const q of ['limit=0', 'limit=101', 'limit=abc', 'cursor=***', 'cursor=bm9wZQ']) {
      const res = await app.api('GET', `/v1/rounds?${q}`, { token: patron })
      expect(res.status).toBe(400)
      expect(res.body.type).toBe('/problems/validation')
    }
  })
})

describe('topics (editors)', () => {
  it('adds a topic (201) and changes it, linking coverage only when covered', async () => {
    const round = await createRound(app.db)
    const created = await app.api('POST', `/v1/admin/rounds/${round.id}/topics`, {
      token: editor,
      body: { title: 'Housing costs', description: 'Rents in the old town' },
    })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({
      id: expect.any(String),
      roundId: round.id,
      title: 'Housing costs',
      description: 'Rents in the old town',
      status: 'open',
      coverageUrl: null,
      translations: {},
    })
    const id = created.body.id

    const covered = await app.api('PATCH', `/v1/admin/topics/${id}`, {
      token: editor,
      body: { status: 'covered', coverageUrl: 'https://news.example/housing' },
    })
    expect(covered.status).toBe(200)
    expect(covered.body).toMatchObject({ status: 'covered', coverageUrl: 'https://news.example/housing' })

    const reopened = await app.api('PATCH', `/v1/admin/topics/${id}`, {
      token: editor,
      body: { status: 'planned' },
    })
    expect(reopened.body).toMatchObject({ status: 'planned', coverageUrl: null })

    const urlWithoutCoverage = await app.api('PATCH', `/v1/admin/topics/${id}`, {
      token: editor,
      body: { coverageUrl: 'https://news.example/x' },
    })
    expect(urlWithoutCoverage.status).toBe(400)
    expect(urlWithoutCoverage.body.errors[0].path).toBe('body.coverageUrl')

    for (const body of [{ status: 'archived' }, { coverageUrl: 'javascript:alert(1)' }, { title: '' }, {}]) {
      const res = await app.api('PATCH', `/v1/admin/topics/${id}`, { token: editor, body })
      expect(res.status).toBe(400)
    }
    expect(
      (await app.api('PATCH', `/v1/admin/topics/${MISSING_ID}`, { token: editor, body: { title: 'x' } }))
        .status,
    ).toBe(404)
    expect(
      (
        await app.api('POST', `/v1/admin/rounds/${MISSING_ID}/topics`, {
          token: editor,
          body: { title: 'x' },
        })
      ).status,
    ).toBe(404)
    expect(
      (await app.api('POST', `/v1/admin/rounds/${round.id}/topics`, { token: editor, body: {} })).status,
    ).toBe(400)

    const page = await app.api('GET', `/v1/rounds/${round.id}`, { token: patron })
    expect(page.body.topics).toEqual([expect.objectContaining({ id, status: 'planned', votes: 0 })])
  })
})
