import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../helpers/app.js'

/** Every route of ../shared/API.md, as the OpenAPI document must list it. */
const contract = [
  'get /healthz',
  'get /readyz',
  'get /openapi.json',
  'get /v1/tiers',
  'post /v1/checkout',
  'post /v1/stripe/webhook',
  'post /v1/auth/magic-link',
  'post /v1/auth/token',
  'post /v1/auth/refresh',
  'post /v1/auth/logout',
  'get /v1/me',
  'post /v1/me/billing-portal',
  'get /v1/rounds',
  'get /v1/rounds/{id}',
  'post /v1/rounds/{id}/votes',
  'delete /v1/rounds/{id}/votes/{topicId}',
  'post /v1/rounds/{id}/suggestions',
  'get /v1/admin/members',
  'get /v1/admin/members/{id}',
  'post /v1/admin/members/{id}/comp',
  'post /v1/admin/tiers',
  'patch /v1/admin/tiers/{id}',
  'post /v1/admin/rounds',
  'patch /v1/admin/rounds/{id}',
  'post /v1/admin/rounds/{id}/topics',
  'patch /v1/admin/topics/{id}',
  'get /v1/admin/suggestions',
  'post /v1/admin/suggestions/{id}/approve',
  'post /v1/admin/suggestions/{id}/reject',
  'get /v1/admin/reports/summary',
  'get /v1/admin/reports/monthly',
  'get /v1/admin/reports/cohorts',
  'get /v1/admin/reports/rounds/{id}',
  'get /v1/admin/exports/members.csv',
  'get /v1/admin/exports/rounds/{id}/votes.csv',
  'post /v1/admin/staff',
  'delete /v1/admin/staff/{id}',
]

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

describe('the OpenAPI document', () => {
  it('lists every route of the contract', async () => {
    const { body } = await app.api('GET', '/openapi.json')
    const documented = Object.entries(body.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method} ${path}`),
    )
    expect(documented).toEqual(expect.arrayContaining(contract))
  })

  it('documents the problem answers of protected routes', async () => {
    const { body } = await app.api('GET', '/openapi.json')
    const vote = body.paths['/v1/rounds/{id}/votes'].post
    expect(Object.keys(vote.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403']))
    expect(vote.security).toEqual([{ bearer: [] }])
  })
})
