import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openRoundsParticipation } from '../../src/voting/round-report.service.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, createStaff, patronToken, staffToken } from '../helpers/factories.js'
import { closeRound, createRound, createTopics, MISSING_ID } from './fixtures.js'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

const MINUTE = 60_000

describe('GET /v1/admin/reports/rounds/:id', () => {
  it('reports eligible voters, voters, participation and votes per topic', async () => {
    const analyst = staffToken(app.deps, await createStaff(app.db, 'analyst'))
    const round = await createRound(app.db, { votesPerMember: 2 })
    const [a, b, c] = await createTopics(app.db, round.id, 3)
    const empty = await app.api('GET', `/v1/admin/reports/rounds/${round.id}`, { token: analyst })
    expect(empty.status).toBe(200)
    expect(empty.body).toMatchObject({ eligibleVoters: 0, voters: 0, participationRate: 0 })

    const voters = await Promise.all([1, 2, 3].map(() => createMember(app.db, { status: 'active' })))
    await createMember(app.db, { status: 'trialing' }) // entitled, does not vote
    await createMember(app.db, { status: 'canceled' }) // not entitled
    await createMember(app.db, { status: 'past_due', graceUntil: new Date(Date.now() + 86_400_000) })
    const token = (m: { id: string }) => patronToken(app.deps, m)
    const cast = (m: { id: string }, t: string) =>
      app.api('POST', `/v1/rounds/${round.id}/votes`, { token: token(m), body: { topicId: t } })
    await cast(voters[0]!, a!)
    await cast(voters[0]!, b!)
    await cast(voters[1]!, a!)
    await cast(voters[2]!, a!)
    // A voter whose membership lapsed after voting stays counted as eligible.
    await app.db.updateTable('members').set({ status: 'canceled' }).where('id', '=', voters[2]!.id).execute()
    await closeRound(app.db, round.id)

    const res = await app.api('GET', `/v1/admin/reports/rounds/${round.id}`, { token: analyst })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      eligibleVoters: 5,
      voters: 3,
      participationRate: 0.6,
      topics: [
        { id: a, title: 'Topic 1', votes: 3 },
        { id: b, title: 'Topic 2', votes: 1 },
        { id: c, title: 'Topic 3', votes: 0 },
      ],
    })
  })

  it('is for analysts and admins; editors and patrons get 403', async () => {
    const round = await createRound(app.db)
    const path = `/v1/admin/reports/rounds/${round.id}`
    const admin = staffToken(app.deps, await createStaff(app.db, 'admin'))
    expect((await app.api('GET', path, { token: admin })).status).toBe(200)
    const editor = staffToken(app.deps, await createStaff(app.db, 'editor'))
    expect((await app.api('GET', path, { token: editor })).body.type).toBe('/problems/forbidden')
    const patron = patronToken(app.deps, await createMember(app.db, { status: 'active' }))
    expect((await app.api('GET', path, { token: patron })).status).toBe(403)
    expect((await app.api('GET', path)).status).toBe(401)
  })

  it('answers 404 for an unknown round and 400 for a malformed id', async () => {
    const analyst = staffToken(app.deps, await createStaff(app.db, 'analyst'))
    const missing = await app.api('GET', `/v1/admin/reports/rounds/${MISSING_ID}`, { token: analyst })
    expect(missing.status).toBe(404)
    expect(missing.body.type).toBe('/problems/not-found')
    expect((await app.api('GET', '/v1/admin/reports/rounds/42', { token: analyst })).status).toBe(400)
  })
})

describe('the open rounds of the staff dashboard', () => {
  it('are the rounds open now, the soonest to close first, as many as asked, each with its participation', async () => {
    const timed = async (timing: 'open' | 'upcoming' | 'closed', opensIn: number, closesIn: number) => {
      const { id } = await createRound(app.db, { timing })
      const at = (minutes: number) => new Date(Date.now() + minutes * MINUTE)
      await app.db
        .updateTable('rounds')
        .set({ opens_at: at(opensIn), closes_at: at(closesIn) })
        .where('id', '=', id)
        .execute()
      return id
    }
    const later = await timed('open', -60, 180)
    const soonest = await timed('open', -60, 60)
    await timed('open', -60, 300)
    await timed('upcoming', 10, 30) // would close first, but has not opened
    await timed('closed', -120, -60)
    const [topic] = await createTopics(app.db, soonest, 1)
    const member = await createMember(app.db, { status: 'active' })
    const vote = await app.api('POST', `/v1/rounds/${soonest}/votes`, {
      token: patronToken(app.deps, member),
      body: { topicId: topic },
    })
    expect(vote.status).toBe(201)

    const rounds = await openRoundsParticipation(app.db, 2)
    expect(rounds.map((r) => r.id)).toEqual([soonest, later])
    expect(rounds.map((r) => r.voters)).toEqual([1, 0])
    expect(rounds[0]!.eligibleVoters).toBeGreaterThanOrEqual(1)
    expect(rounds[1]!.eligibleVoters).toBe(rounds[0]!.eligibleVoters)
  })
})
