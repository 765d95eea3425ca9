import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, createStaff, patronToken, staffToken } from '../helpers/factories.js'
import { createRound, MISSING_ID } from './fixtures.js'

let app: TestApp
let editor: string
let analyst: string
beforeAll(async () => {
  app = await startTestApp()
  editor = staffToken(app.deps, await createStaff(app.db, 'editor'))
  analyst = staffToken(app.deps, await createStaff(app.db, 'analyst'))
})
afterAll(() => app.close())

const suggest = (token: string, roundId: string, body: unknown) =>
  app.api('POST', `/v1/rounds/${roundId}/suggestions`, { token, body })

async function entitledPatron() {
  return patronToken(app.deps, await createMember(app.db, { status: 'active' }))
}

describe('suggestions by patrons', () => {
  it('takes suggestions for open and upcoming rounds (201 pending), not for closed ones', async () => {
    const token = await entitledPatron()
    for (const timing of ['open', 'upcoming'] as const) {
      const round = await createRound(app.db, { timing })
      const res = await suggest(token, round.id, { title: 'School meals', description: 'Who pays?' })
      expect(res.status).toBe(201)
      expect(res.body).toEqual({ id: expect.any(String), status: 'pending' })
    }
    const closed = await createRound(app.db, { timing: 'closed' })
    const res = await suggest(token, closed.id, { title: 'Too late' })
    expect(res.status).toBe(409)
    expect(res.body.type).toBe('/problems/round-closed')
    expect((await suggest(token, MISSING_ID, { title: 'x' })).status).toBe(404)
  })

  it('refuses members who are not entitled, whatever the token says, and staff', async () => {
    const round = await createRound(app.db)
    const lapsed = patronToken(app.deps, await createMember(app.db, { status: 'canceled' }), ['vote'])
    const res = await suggest(lapsed, round.id, { title: 'x' })
    expect(res.status).toBe(403)
    expect(res.body.type).toBe('/problems/not-entitled')
    expect((await suggest(editor, round.id, { title: 'x' })).body.type).toBe('/problems/forbidden')
    expect(
      (await app.api('POST', `/v1/rounds/${round.id}/suggestions`, { body: { title: 'x' } })).status,
    ).toBe(401)
  })

  it('rejects bad input with 400', async () => {
    const token = await entitledPatron()
    const round = await createRound(app.db)
    for (const body of [
      {},
      { title: '' },
      { title: 'x'.repeat(201) },
      { title: 'ok', description: 'x'.repeat(5001) },
      { title: 7 },
    ]) {
      const res = await suggest(token, round.id, body)
      expect(res.status).toBe(400)
      expect(res.body.type).toBe('/problems/validation')
    }
  })

  it('limits each member to 3 suggestions per round, also under concurrent requests', async () => {
    const token = await entitledPatron()
    const round = await createRound(app.db)
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => suggest(token, round.id, { title: `Idea ${i}` })),
    )
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409])
    expect(results.find((r) => r.status === 409)!.body.type).toBe('/problems/conflict')
    const other = await createRound(app.db)
    expect((await suggest(token, other.id, { title: 'Elsewhere' })).status).toBe(201)
    const rows = await app.db
      .selectFrom('suggestions')
      .select('id')
      .where('round_id', '=', round.id)
      .execute()
    expect(rows).toHaveLength(3)
  })
})

describe('suggestions for editors', () => {
  it('lists pending suggestions with a cursor, approves one into a topic and rejects another', async () => {
    const round = await createRound(app.db)
    const token = await entitledPatron()
    const a = (await suggest(token, round.id, { title: 'Water quality', description: 'The river' })).body.id
    const b = (await suggest(token, round.id, { title: 'Night buses' })).body.id

    const seen: string[] = []
    let cursor: string | null = null
    do {
      const res: any = await app.api(
        'GET',
        `/v1/admin/suggestions?status=pending&roundId=${round.id}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        { token: editor },
      )
      expect(res.status).toBe(200)
      seen.push(...res.body.data.map((s: any) => s.id))
      cursor = res.body.nextCursor
    } while (cursor)
    expect(seen).toEqual([a, b])

    const approved = await app.api('POST', `/v1/admin/suggestions/${a}/approve`, { token: editor })
    expect(approved.status).toBe(201)
    expect(approved.body).toEqual({
      id: expect.any(String),
      roundId: round.id,
      title: 'Water quality',
      description: 'The river',
      status: 'open',
      coverageUrl: null,
      translations: {},
    })
    const page = await app.api('GET', `/v1/rounds/${round.id}`, { token })
    expect(page.body.topics.map((t: any) => t.id)).toContain(approved.body.id)

    const rejected = await app.api('POST', `/v1/admin/suggestions/${b}/reject`, { token: editor })
    expect(rejected.status).toBe(200)
    expect(rejected.body).toMatchObject({
      id: b,
      status: 'rejected',
      topicId: null,
      decidedAt: expect.any(String),
    })

    const pending = await app.api('GET', `/v1/admin/suggestions?status=pending&roundId=${round.id}`, {
      token: editor,
    })
    expect(pending.body).toEqual({ data: [], nextCursor: null })
    const all = await app.api('GET', `/v1/admin/suggestions?roundId=${round.id}`, { token: editor })
    expect(all.body.data.map((s: any) => [s.id, s.status, s.topicId])).toEqual([
      [a, 'approved', approved.body.id],
      [b, 'rejected', null],
    ])

    for (const [id, action] of [
      [a, 'approve'],
      [a, 'reject'],
      [b, 'approve'],
      [b, 'reject'],
    ]) {
      const again = await app.api('POST', `/v1/admin/suggestions/${id}/${action}`, { token: editor })
      expect(again.status).toBe(409)
      expect(again.body.type).toBe('/problems/conflict')
    }
  })

  it('approves a suggestion once when approved in parallel', async () => {
    const round = await createRound(app.db)
    const id = (await suggest(await entitledPatron(), round.id, { title: 'Bridges' })).body.id
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        app.api('POST', `/v1/admin/suggestions/${id}/approve`, { token: editor }),
      ),
    )
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409])
    const topics = await app.db.selectFrom('topics').select('id').where('round_id', '=', round.id).execute()
    expect(topics).toHaveLength(1)
  })

  it('answers 404, 400 and 403 where due', async () => {
    expect(
      (await app.api('POST', `/v1/admin/suggestions/${MISSING_ID}/approve`, { token: editor })).status,
    ).toBe(404)
    expect(
      (await app.api('POST', `/v1/admin/suggestions/${MISSING_ID}/reject`, { token: editor })).status,
    ).toBe(404)
    expect((await app.api('POST', '/v1/admin/suggestions/nope/approve', { token: editor })).status).toBe(400)
    for (const q of ['status=maybe', 'roundId=1', 'limit=500', 'cursor=%21%21']) {
      expect((await app.api('GET', `/v1/admin/suggestions?${q}`, { token: editor })).status).toBe(400)
    }
    const patron = await entitledPatron()
    for (const token of [analyst, patron]) {
      expect((await app.api('GET', '/v1/admin/suggestions', { token })).status).toBe(403)
      expect((await app.api('POST', `/v1/admin/suggestions/${MISSING_ID}/approve`, { token })).status).toBe(
        403,
      )
    }
    const admin = staffToken(app.deps, await createStaff(app.db, 'admin'))
    expect((await app.api('GET', '/v1/admin/suggestions', { token: admin })).status).toBe(200)
  })
})
