import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createRound, createTopics, voter } from './fixtures.js'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

const { activePatron, vote, withdraw, votesInDb } = voter(() => app)

describe('races, with real concurrent requests', () => {
  it('lets exactly one of many parallel votes take the last vote of the budget', async () => {
    const { token, member } = await activePatron()
    const round = await createRound(app.db, { votesPerMember: 3 })
    const topics = await createTopics(app.db, round.id, 10)
    expect((await vote(token, round.id, topics[0]!)).status).toBe(201)
    expect((await vote(token, round.id, topics[1]!)).status).toBe(201)

    const results = await Promise.all(topics.slice(2).map((t) => vote(token, round.id, t)))
    const statuses = results.map((r) => r.status).sort()
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409])
    for (const r of results.filter((r) => r.status === 409))
      expect(r.body.type).toBe('/problems/vote-budget-exhausted')
    expect(results.find((r) => r.status === 201)!.body.votesRemaining).toBe(0)
    expect(await votesInDb(round.id, member.id)).toBe(3)
  })

  it('with a budget of one and two parallel votes, exactly one wins', async () => {
    const { token, member } = await activePatron()
    const round = await createRound(app.db, { votesPerMember: 1 })
    const [a, b] = await createTopics(app.db, round.id, 2)
    const results = await Promise.all([vote(token, round.id, a!), vote(token, round.id, b!)])
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
    expect(await votesInDb(round.id, member.id)).toBe(1)
  })

  it('counts parallel votes on the same topic once: one 201, the rest 200 with the same body', async () => {
    const { token, member } = await activePatron()
    const round = await createRound(app.db, { votesPerMember: 2 })
    const [a] = await createTopics(app.db, round.id, 1)
    const results = await Promise.all(Array.from({ length: 8 }, () => vote(token, round.id, a!)))
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201])
    for (const r of results) expect(r.body).toEqual({ roundId: round.id, topicId: a, votesRemaining: 1 })
    expect(await votesInDb(round.id, member.id)).toBe(1)
  })

  it('gives a vote back once when withdrawn in parallel', async () => {
    const { token, member } = await activePatron()
    const round = await createRound(app.db, { votesPerMember: 2 })
    const [a, b] = await createTopics(app.db, round.id, 2)
    await vote(token, round.id, a!)
    const results = await Promise.all(Array.from({ length: 5 }, () => withdraw(token, round.id, a!)))
    expect(results.map((r) => r.status).sort()).toEqual([204, 404, 404, 404, 404])
    expect(await votesInDb(round.id, member.id)).toBe(0)
    const page = await app.api('GET', `/v1/rounds/${round.id}`, { token })
    expect(page.body.votesRemaining).toBe(2)
    expect((await vote(token, round.id, b!)).body.votesRemaining).toBe(1)
  })

  it('keeps the budget when many members vote at once', async () => {
    const round = await createRound(app.db, { votesPerMember: 2 })
    const topics = await createTopics(app.db, round.id, 3)
    const patrons = await Promise.all(Array.from({ length: 5 }, () => activePatron()))
    const results = await Promise.all(
      patrons.flatMap(({ token }) => topics.map((t) => vote(token, round.id, t))),
    )
    expect(results.filter((r) => r.status === 201)).toHaveLength(10)
    expect(results.filter((r) => r.status === 409)).toHaveLength(5)
    const { rows } = await sql<{
      n: number
    }>`select count(*)::int as n from votes where round_id = ${round.id}`.execute(app.db)
    expect(rows[0]!.n).toBe(10)
  })
})
