import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createMember, createStaff, patronToken, staffToken } from '../helpers/factories.js'

let app: TestApp
let analyst: string
let roundId: string

beforeAll(async () => {
  app = await startTestApp()
  analyst = staffToken(app.deps, await createStaff(app.db, 'analyst'))
  const round = await app.db
    .insertInto('rounds')
    .values({
      title: 'Spring',
      opens_at: '2025-01-01T00:00:00Z',
      closes_at: '2025-02-01T00:00:00Z',
      votes_per_member: 3,
      results_visibility: 'live',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  roundId = round.id
})
afterAll(() => app.close())

const routes = () => [
  '/v1/admin/reports/summary',
  '/v1/admin/reports/monthly?from=2025-01&to=2025-03',
  '/v1/admin/reports/cohorts?from=2025-01&to=2025-03',
  '/v1/admin/exports/members.csv',
  `/v1/admin/exports/rounds/${roundId}/votes.csv`,
]

describe('who may read reports and exports', () => {
  it('lets analysts and admins in', async () => {
    const admin = staffToken(app.deps, await createStaff(app.db, 'admin'))
    for (const token of [analyst, admin]) {
      for (const path of routes()) {
        const res = await app.api('GET', path, { token })
        expect(res.status, path).toBe(200)
      }
    }
  })

  it('turns editors and patrons away with 403 and strangers with 401', async () => {
    const editor = staffToken(app.deps, await createStaff(app.db, 'editor'))
    const patron = patronToken(app.deps, await createMember(app.db, { status: 'active' }))
    for (const path of routes()) {
      for (const token of [editor, patron]) {
        const res = await app.api('GET', path, { token })
        expect(res.status, path).toBe(403)
        expect(res.body.type).toBe('/problems/forbidden')
      }
      const anonymous = await app.api('GET', path)
      expect(anonymous.status, path).toBe(401)
    }
  })
})

describe('report parameters', () => {
  const bad = async (path: string, field: string) => {
    const res = await app.api('GET', path, { token: analyst })
    expect(res.status, path).toBe(400)
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(res.body.type).toBe('/problems/validation')
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field)
  }

  it('rejects a malformed `at`', async () => {
    await bad('/v1/admin/reports/summary?at=yesterday', 'query.at')
    await bad('/v1/admin/reports/summary?at=2025-02-30T00:00:00Z', 'query.at')
    await bad('/v1/admin/reports/summary?at=2025-01-01', 'query.at')
  })

  it('rejects malformed months, from after to and ranges over 120 months', async () => {
    for (const report of ['monthly', 'cohorts']) {
      await bad(`/v1/admin/reports/${report}?from=2025-13&to=2025-12`, 'query.from')
      await bad(`/v1/admin/reports/${report}?from=2025-01&to=25-02`, 'query.to')
      await bad(`/v1/admin/reports/${report}?from=2025-03&to=2025-02`, 'query.from')
      await bad(`/v1/admin/reports/${report}?from=2015-01&to=2025-01`, 'query.from')
    }
    const tenYears = await app.api('GET', '/v1/admin/reports/monthly?from=2015-02&to=2025-01', {
      token: analyst,
    })
    expect(tenYears.status).toBe(200)
  })

  it('defaults the summary to now and the ranges to the last twelve months', async () => {
    const before = Date.now()
    const summary = await app.api('GET', '/v1/admin/reports/summary', { token: analyst })
    expect(summary.status).toBe(200)
    expect(Date.parse(summary.body.at)).toBeGreaterThanOrEqual(before - 1000)
    expect(summary.body).toMatchObject({ activePatrons: 0, revenue: [], byTier: [] })
    const monthly = await app.api('GET', '/v1/admin/reports/monthly', { token: analyst })
    expect(monthly.body).toEqual({ data: [] })
  })

  it('answers 404 for the votes of an unknown round and 400 for an impossible id', async () => {
    const unknown = await app.api(
      'GET',
      '/v1/admin/exports/rounds/7a1b0e2c-9c1d-4f2e-8a3b-1c2d3e4f5a6b/votes.csv',
      {
        token: analyst,
      },
    )
    expect(unknown.status).toBe(404)
    expect(unknown.body.type).toBe('/problems/not-found')
    const impossible = await app.api('GET', '/v1/admin/exports/rounds/nope/votes.csv', { token: analyst })
    expect(impossible.status).toBe(400)
  })

  it('documents every report and export route in OpenAPI', async () => {
    const doc = await app.api('GET', '/openapi.json')
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/admin/reports/summary',
        '/v1/admin/reports/monthly',
        '/v1/admin/reports/cohorts',
        '/v1/admin/exports/members.csv',
        '/v1/admin/exports/rounds/{id}/votes.csv',
      ]),
    )
  })
})
