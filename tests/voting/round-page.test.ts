import type { KyselyPlugin } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { patronRoundPage } from '../../src/voting/rounds.service.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, createStaff, patronToken, staffToken } from '../helpers/factories.js'
import { closeRound, createRound, createTopics } from './fixtures.js'

let app: TestApp
let editor: string
beforeAll(async () => {
  app = await startTestApp()
  editor = staffToken(app.deps, await createStaff(app.db, 'editor'))
})
afterAll(() => app.close())

describe('results visibility', () => {
  it('hides tallies from patrons until close for after_close rounds; staff always see them', async () => {
    const round = await createRound(app.db, { resultsVisibility: 'after_close' })
    const [a] = await createTopics(app.db, round.id, 1)
    const voter = patronToken(app.deps, await createMember(app.db, { status: 'active' }))
    expect(
      (await app.api('POST', `/v1/rounds/${round.id}/votes`, { token: voter, body: { topicId: a } })).status,
    ).toBe(201)

    const during = await app.api('GET', `/v1/rounds/${round.id}`, { token: voter })
    expect(during.body.topics[0]).not.toHaveProperty('votes')
    expect(during.body.myVotes).toEqual([a])
    const staffView = await app.api('GET', `/v1/admin/rounds/${round.id}`, { token: editor })
    expect(staffView.status).toBe(200)
    expect(staffView.body.topics[0].votes).toBe(1)

    await closeRound(app.db, round.id)
    const after = await app.api('GET', `/v1/rounds/${round.id}`, { token: voter })
    expect(after.body.state).toBe('closed')
    expect(after.body.topics[0].votes).toBe(1)
  })

  it('shows live tallies to every patron, entitled or not', async () => {
    const round = await createRound(app.db, { resultsVisibility: 'live' })
    const [a] = await createTopics(app.db, round.id, 1)
    const voter = patronToken(app.deps, await createMember(app.db, { status: 'active' }))
    await app.api('POST', `/v1/rounds/${round.id}/votes`, { token: voter, body: { topicId: a } })
    const reader = patronToken(app.deps, await createMember(app.db), [])
    const page = await app.api('GET', `/v1/rounds/${round.id}`, { token: reader })
    expect(page.body.topics[0].votes).toBe(1)
    expect(page.body.myVotes).toEqual([])
  })
})

describe('round page cost', () => {
  it('takes the same number of queries for 1 topic and 40 topics with many votes', async () => {
    let queries = 0
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        queries++
        return args.node
      },
      transformResult: async (args) => args.result,
    }
    const db = app.db.withPlugin(counting)
    const member = await createMember(app.db, { status: 'active' })

    const small = await createRound(app.db)
    await createTopics(app.db, small.id, 1)
    queries = 0
    await patronRoundPage(db, small.id, member.id)
    const smallCount = queries

    const big = await createRound(app.db, { votesPerMember: 40 })
    const topics = await createTopics(app.db, big.id, 40)
    const voters = await Promise.all(
      Array.from({ length: 5 }, () => createMember(app.db, { status: 'active' })),
    )
    await app.db
      .insertInto('votes')
      .values(
        [member, ...voters].flatMap((m) =>
          topics.map((t) => ({ round_id: big.id, topic_id: t, member_id: m.id })),
        ),
      )
      .execute()
    queries = 0
    const page = await patronRoundPage(db, big.id, member.id)
    expect(page.topics).toHaveLength(40)
    expect(page.myVotes).toHaveLength(40)
    expect(page.topics[0]!.votes).toBe(6)
    expect(page.votesRemaining).toBe(0)
    expect(queries).toBe(smallCount)
    expect(smallCount).toBeLessThanOrEqual(3)
  })
})

describe('OpenAPI', () => {
  it('documents the voting routes, their roles and the round-closed rule for upcoming rounds', async () => {
    const doc = (await app.api('GET', '/openapi.json')).body
    for (const path of [
      '/v1/rounds',
      '/v1/rounds/{id}',
      '/v1/rounds/{id}/votes',
      '/v1/rounds/{id}/votes/{topicId}',
      '/v1/rounds/{id}/suggestions',
      '/v1/admin/rounds',
      '/v1/admin/rounds/{id}',
      '/v1/admin/rounds/{id}/topics',
      '/v1/admin/topics/{id}',
      '/v1/admin/suggestions',
      '/v1/admin/suggestions/{id}/approve',
      '/v1/admin/suggestions/{id}/reject',
      '/v1/admin/reports/rounds/{id}',
    ]) {
      expect(doc.paths).toHaveProperty([path])
    }
    const castVote = doc.paths['/v1/rounds/{id}/votes'].post
    expect(castVote.summary).toMatch(/upcoming/)
    expect(Object.keys(castVote.responses)).toEqual(
      expect.arrayContaining(['200', '201', '403', '404', '409']),
    )
    expect(doc.paths['/v1/admin/reports/rounds/{id}'].get.description).toBe('Roles: analyst')
  })
})
