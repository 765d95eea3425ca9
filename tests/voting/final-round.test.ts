import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createStaff, staffToken } from '../helpers/factories.js'
import { closeRound, createRound, createTopics, voter } from './fixtures.js'

let app: TestApp
let editor: string
beforeAll(async () => {
  app = await startTestApp()
  editor = staffToken(app.deps, await createStaff(app.db, 'editor'))
})
afterAll(() => app.close())

const HOUR = 3_600_000
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString()
const { activePatron, vote, withdraw } = voter(() => app)
const patchRound = (id: string, body: unknown) =>
  app.api('PATCH', `/v1/admin/rounds/${id}`, { token: editor, body })
const roundRow = (id: string) =>
  app.db
    .selectFrom('rounds')
    .select(['opens_at', 'closes_at', 'votes_per_member', 'title'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()

describe('the rules of a final round', () => {
  it('keeps a closed round closed: its dates cannot change (409 round-closed), its title can', async () => {
    const round = await createRound(app.db)
    expect((await patchRound(round.id, { closesAt: iso(-60_000) })).body.state).toBe('closed')
    const before = await roundRow(round.id)
    for (const body of [
      { closesAt: iso(HOUR) },
      { opensAt: iso(-48 * HOUR) },
      { closesAt: iso(-30 * 60_000), title: 'Also renamed' },
    ]) {
      const res = await patchRound(round.id, body)
      expect(res.status).toBe(409)
      expect(res.body.type).toBe('/problems/round-closed')
    }
    expect(await roundRow(round.id)).toEqual(before)

    // Sending the unchanged dates back (a form does) is no change of them.
    const renamed = await patchRound(round.id, {
      title: 'Renamed after the close',
      opensAt: before.opens_at.toISOString(),
      closesAt: before.closes_at.toISOString(),
    })
    expect(renamed.status).toBe(200)
    expect(renamed.body).toMatchObject({ state: 'closed', title: 'Renamed after the close' })
  })

  it('takes no topics in a closed round, neither added nor from an approved suggestion', async () => {
    const { member } = await activePatron()
    const round = await createRound(app.db)
    const suggestion = await app.db
      .insertInto('suggestions')
      .values({ round_id: round.id, member_id: member.id, title: 'Look into the port' })
      .returning('id')
      .executeTakeFirstOrThrow()
    await closeRound(app.db, round.id)

    const added = await app.api('POST', `/v1/admin/rounds/${round.id}/topics`, {
      token: editor,
      body: { title: 'Too late' },
    })
    expect(added.status).toBe(409)
    expect(added.body.type).toBe('/problems/round-closed')
    const approved = await app.api('POST', `/v1/admin/suggestions/${suggestion.id}/approve`, {
      token: editor,
    })
    expect(approved.status).toBe(409)
    expect(approved.body.type).toBe('/problems/round-closed')

    const topics = await app.db.selectFrom('topics').select('id').where('round_id', '=', round.id).execute()
    expect(topics).toEqual([])
    const s = await app.db
      .selectFrom('suggestions')
      .select('status')
      .where('id', '=', suggestion.id)
      .executeTakeFirstOrThrow()
    expect(s.status).toBe('pending')
  })

  it('keeps the opening of a round with votes in the past (409 conflict); without votes it may move', async () => {
    const { token } = await activePatron()
    const voted = await createRound(app.db)
    const [topic] = await createTopics(app.db, voted.id, 1)
    expect((await vote(token, voted.id, topic!)).status).toBe(201)
    const later = await patchRound(voted.id, { opensAt: iso(HOUR) })
    expect(later.status).toBe(409)
    expect(later.body.type).toBe('/problems/conflict')
    expect((await patchRound(voted.id, { opensAt: iso(-2 * HOUR) })).status).toBe(200)

    const empty = await createRound(app.db)
    const postponed = await patchRound(empty.id, { opensAt: iso(HOUR) })
    expect(postponed.status).toBe(200)
    expect(postponed.body.state).toBe('upcoming')
  })

  it('takes votes for open and planned topics only (409 conflict for covered and declined)', async () => {
    const { token, member } = await activePatron()
    const round = await createRound(app.db, { votesPerMember: 4 })
    const [open, planned, covered, declined] = await createTopics(app.db, round.id, 4)
    await app.db.updateTable('topics').set({ status: 'planned' }).where('id', '=', planned!).execute()
    await app.db
      .updateTable('topics')
      .set({ status: 'covered', coverage_url: 'https://news.example/story' })
      .where('id', '=', covered!)
      .execute()
    await app.db.updateTable('topics').set({ status: 'declined' }).where('id', '=', declined!).execute()

    expect((await vote(token, round.id, open!)).status).toBe(201)
    expect((await vote(token, round.id, planned!)).body).toEqual({
      roundId: round.id,
      topicId: planned,
      votesRemaining: 2,
    })
    for (const topic of [covered!, declined!]) {
      const res = await vote(token, round.id, topic)
      expect(res.status).toBe(409)
      expect(res.body.type).toBe('/problems/conflict')
    }
    const votes = await app.db
      .selectFrom('votes')
      .select('topic_id')
      .where('member_id', '=', member.id)
      .execute()
    expect(votes.map((v) => v.topic_id).sort()).toEqual([open, planned].sort())
    expect((await app.api('GET', `/v1/rounds/${round.id}`, { token })).body.votesRemaining).toBe(2)
  })

  it('answers every vote and withdrawal in a closed round with 409 round-closed, also with no vote', async () => {
    const { token } = await activePatron()
    const round = await createRound(app.db)
    const [a, b] = await createTopics(app.db, round.id, 2)
    await vote(token, round.id, a!)
    await closeRound(app.db, round.id)
    for (const res of [
      await vote(token, round.id, a!),
      await vote(token, round.id, b!),
      await withdraw(token, round.id, a!),
      await withdraw(token, round.id, b!),
    ]) {
      expect(res.status).toBe(409)
      expect(res.body.type).toBe('/problems/round-closed')
    }
  })
})
