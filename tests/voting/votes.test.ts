import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, createStaff, patronToken, staffToken } from '../helpers/factories.js'
import { closeRound, createRound, createTopics, MISSING_ID, voter } from './fixtures.js'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

const { activePatron, vote, withdraw, votesInDb } = voter(() => app)

describe('casting and withdrawing votes', () => {
  it('casts a vote (201), answers a repeat with 200 and the same body, and shows it on the round page', async () => {
    const { token } = await activePatron()
    const round = await createRound(app.db, { votesPerMember: 3 })
    const [a] = await createTopics(app.db, round.id, 2)

    const first = await vote(token, round.id, a!)
    expect(first.status).toBe(201)
    expect(first.body).toEqual({ roundId: round.id, topicId: a, votesRemaining: 2 })

    const again = await vote(token, round.id, a!)
    expect(again.status).toBe(200)
    expect(again.body).toEqual(first.body)

    const page = await app.api('GET', `/v1/rounds/${round.id}`, { token })
    expect(page.status).toBe(200)
    expect(page.body).toMatchObject({ id: round.id, state: 'open', myVotes: [a], votesRemaining: 2 })
    expect(page.body.topics.find((t: any) => t.id === a).votes).toBe(1)
  })

  it('enforces the budget (409 vote-budget-exhausted) and gives a withdrawn vote back', async () => {
    const { token, member } = await activePatron()
    const round = await createRound(app.db, { votesPerMember: 2 })
    const [a, b, c] = await createTopics(app.db, round.id, 3)
    expect((await vote(token, round.id, a!)).status).toBe(201)
    expect((await vote(token, round.id, b!)).body.votesRemaining).toBe(0)

    const over = await vote(token, round.id, c!)
    expect(over.status).toBe(409)
    expect(over.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(over.body).toMatchObject({ type: '/problems/vote-budget-exhausted', status: 409 })
    expect(await votesInDb(round.id, member.id)).toBe(2)

    // A repeat of an existing vote is still fine with the budget used up.
    expect((await vote(token, round.id, a!)).status).toBe(200)

    expect((await withdraw(token, round.id, a!)).status).toBe(204)
    const retry = await vote(token, round.id, c!)
    expect(retry.status).toBe(201)
    expect(retry.body.votesRemaining).toBe(0)
  })

  it('lowers a budget to the most votes a member has cast, never below (409 conflict)', async () => {
    const { token } = await activePatron()
    const round = await createRound(app.db, { votesPerMember: 3 })
    const [a, b, c] = await createTopics(app.db, round.id, 3)
    await vote(token, round.id, a!)
    await vote(token, round.id, b!)
    const editor = staffToken(app.deps, await createStaff(app.db, 'editor'))
    const tooLow = await app.api('PATCH', `/v1/admin/rounds/${round.id}`, {
      token: editor,
      body: { votesPerMember: 1 },
    })
    expect(tooLow.status).toBe(409)
    expect(tooLow.body.type).toBe('/problems/conflict')
    const patched = await app.api('PATCH', `/v1/admin/rounds/${round.id}`, {
      token: editor,
      body: { votesPerMember: 2 },
    })
    expect(patched.status).toBe(200)
    expect((await vote(token, round.id, c!)).body.type).toBe('/problems/vote-budget-exhausted')
    expect((await app.api('GET', `/v1/rounds/${round.id}`, { token })).body.votesRemaining).toBe(0)
    expect((await vote(token, round.id, a!)).body).toEqual({
      roundId: round.id,
      topicId: a,
      votesRemaining: 0,
    })
  })

  it('answers 404 for a withdrawal of a vote that does not exist', async () => {
    const { token } = await activePatron()
    const round = await createRound(app.db)
    const [a] = await createTopics(app.db, round.id, 1)
    const res = await withdraw(token, round.id, a!)
    expect(res.status).toBe(404)
    expect(res.body.type).toBe('/problems/not-found')
  })

  it('refuses votes and withdrawals in a closed round with 409 round-closed, whatever was voted', async () => {
    const { token, member } = await activePatron()
    const round = await createRound(app.db)
    const [a, b] = await createTopics(app.db, round.id, 2)
    expect((await vote(token, round.id, a!)).status).toBe(201)
    await closeRound(app.db, round.id)

    for (const res of [
      await vote(token, round.id, a!),
      await vote(token, round.id, b!),
      await withdraw(token, round.id, a!),
    ]) {
      expect(res.status).toBe(409)
      expect(res.body.type).toBe('/problems/round-closed')
    }
    expect(await votesInDb(round.id, member.id)).toBe(1)
  })

  it('refuses votes in an upcoming round with 409 round-closed', async () => {
    const { token } = await activePatron()
    const round = await createRound(app.db, { timing: 'upcoming' })
    const [a] = await createTopics(app.db, round.id, 1)
    const res = await vote(token, round.id, a!)
    expect(res.status).toBe(409)
    expect(res.body.type).toBe('/problems/round-closed')
    expect((await withdraw(token, round.id, a!)).status).toBe(409)
  })

  it('answers 404 for an unknown round and for a topic of another round', async () => {
    const { token } = await activePatron()
    const round = await createRound(app.db)
    const other = await createRound(app.db)
    const [foreign] = await createTopics(app.db, other.id, 1)
    const [own] = await createTopics(app.db, round.id, 1)

    const elsewhere = await vote(token, round.id, foreign!)
    expect(elsewhere.status).toBe(404)
    expect(elsewhere.body.type).toBe('/problems/not-found')
    expect((await vote(token, round.id, MISSING_ID)).status).toBe(404)
    expect((await vote(token, MISSING_ID, own!)).status).toBe(404)
    expect((await withdraw(token, MISSING_ID, own!)).status).toBe(404)
    expect((await app.api('GET', `/v1/rounds/${MISSING_ID}`, { token })).status).toBe(404)
  })

  it('answers bad input with 400 validation problems and changes nothing', async () => {
    const { token, member } = await activePatron()
    const round = await createRound(app.db)
    const [a] = await createTopics(app.db, round.id, 1)
    const cases = [
      await app.api('POST', `/v1/rounds/${round.id}/votes`, { token, body: { topicId: 'nope' } }),
      await app.api('POST', `/v1/rounds/${round.id}/votes`, { token, body: {} }),
      await app.api('POST', `/v1/rounds/${round.id}/votes`, { token, body: { topicId: 42 } }),
      await app.api('POST', `/v1/rounds/${round.id}/votes`, { token, body: '{"topicId":' }),
      await app.api('POST', `/v1/rounds/${round.id}/votes`, { token }),
      await app.api('POST', '/v1/rounds/not-a-uuid/votes', { token, body: { topicId: a } }),
      await app.api('DELETE', `/v1/rounds/${round.id}/votes/xyz`, { token }),
      await app.api('GET', '/v1/rounds/123', { token }),
    ]
    for (const res of cases) {
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(res.body.type).toBe('/problems/validation')
    }
    expect(cases[0]!.body.errors).toEqual([expect.objectContaining({ path: 'body.topicId' })])
    const unsupported = await app.api('POST', `/v1/rounds/${round.id}/votes`, {
      token,
      body: `topicId=${a}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(unsupported.status).toBe(415)
    expect(await votesInDb(round.id, member.id)).toBe(0)
  })
})

describe('who may vote', () => {
  it('checks entitlement in the database, not the token: a lapsed member with a vote claim gets 403', async () => {
    const round = await createRound(app.db)
    const [a] = await createTopics(app.db, round.id, 1)
    for (const status of ['none', 'canceled', 'unpaid', 'incomplete'] as const) {
      const member = await createMember(app.db, { status })
      const res = await vote(patronToken(app.deps, member, ['vote']), round.id, a!)
      expect(res.status).toBe(403)
      expect(res.body.type).toBe('/problems/not-entitled')
      expect(await votesInDb(round.id, member.id)).toBe(0)
    }
  })

  it('lets past_due members vote until graceUntil, and comped members while the comp runs', async () => {
    const round = await createRound(app.db)
    const [a] = await createTopics(app.db, round.id, 1)
    const inGrace = await createMember(app.db, {
      status: 'past_due',
      graceUntil: new Date(Date.now() + 86_400_000),
    })
    const graceOver = await createMember(app.db, {
      status: 'past_due',
      graceUntil: new Date(Date.now() - 60_000),
    })
    const comped = await createMember(app.db, { status: 'canceled' })
    await app.db
      .insertInto('comps')
      .values({ member_id: comped.id, until: new Date(Date.now() + 86_400_000) })
      .execute()
    const compOver = await createMember(app.db, { status: 'none' })
    await app.db
      .insertInto('comps')
      .values({
        member_id: compOver.id,
        starts_at: new Date(Date.now() - 2 * 86_400_000),
        until: new Date(Date.now() - 86_400_000),
      })
      .execute()

    expect((await vote(patronToken(app.deps, inGrace), round.id, a!)).status).toBe(201)
    expect((await vote(patronToken(app.deps, comped), round.id, a!)).status).toBe(201)
    expect((await vote(patronToken(app.deps, graceOver), round.id, a!)).body.type).toBe(
      '/problems/not-entitled',
    )
    expect((await vote(patronToken(app.deps, compOver), round.id, a!)).status).toBe(403)
    // A trialing member whose token lacks the claim is still entitled by the database.
    const trialing = await createMember(app.db, { status: 'trialing' })
    expect((await vote(patronToken(app.deps, trialing, []), round.id, a!)).status).toBe(201)
  })

  it('lets a non-entitled patron read rounds', async () => {
    const round = await createRound(app.db)
    await createTopics(app.db, round.id, 2)
    const token = patronToken(app.deps, await createMember(app.db), [])
    const list = await app.api('GET', '/v1/rounds', { token })
    expect(list.status).toBe(200)
    expect(list.body.data.map((r: any) => r.id)).toContain(round.id)
    const page = await app.api('GET', `/v1/rounds/${round.id}`, { token })
    expect(page.status).toBe(200)
    expect(page.body.topics).toHaveLength(2)
    expect(page.body).toMatchObject({ myVotes: [], votesRemaining: 3 })
  })

  it('answers 401 without a token and 403 forbidden for staff roles on patron routes', async () => {
    const round = await createRound(app.db)
    const [a] = await createTopics(app.db, round.id, 1)
    const anonymous = await app.api('POST', `/v1/rounds/${round.id}/votes`, { body: { topicId: a } })
    expect(anonymous.status).toBe(401)
    expect(anonymous.body.type).toBe('/problems/unauthenticated')
    expect((await app.api('GET', '/v1/rounds', { token: 'not.a.jwt' })).status).toBe(401)
    for (const role of ['editor', 'analyst', 'admin'] as const) {
      const token = staffToken(app.deps, await createStaff(app.db, role))
      const res = await vote(token, round.id, a!)
      expect(res.status).toBe(403)
      expect(res.body.type).toBe('/problems/forbidden')
      expect((await app.api('GET', `/v1/rounds/${round.id}`, { token })).status).toBe(403)
    }
  })
})
