import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROBLEM_CODES } from '../../src/http/problem-codes.js'
import { i18nFor, locales } from '../../src/web/i18n/index.js'
import { REFUSALS } from '../../src/web/refusals.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createStaff, staffToken } from '../helpers/factories.js'
import { createRound, createTopics, MISSING_ID, voter } from '../voting/fixtures.js'

let app: TestApp
const votes = voter(() => app)
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

describe('refusal codes', () => {
  it('are unique kebab-case words', () => {
    expect(new Set(PROBLEM_CODES).size).toBe(PROBLEM_CODES.length)
    for (const code of PROBLEM_CODES) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/)
  })

  it('each have a message in every language (the one table of web/refusals.ts)', () => {
    for (const locale of locales) {
      const { t } = i18nFor(locale, 'UTC')
      for (const code of PROBLEM_CODES) {
        const refusal = REFUSALS[code]
        expect(refusal, code).toBeDefined()
        const text = t(refusal.message)
        expect(text.length, `${locale} ${code}`).toBeGreaterThan(5)
        expect(text, `${locale} ${code}`).not.toBe(refusal.message)
      }
    }
    // Ukrainian is not English: the two tables say a refusal in different words.
    const en = i18nFor('en', 'UTC')
    const uk = i18nFor('uk', 'UTC')
    expect(uk.t(REFUSALS['vote-budget-exhausted'].message)).not.toBe(
      en.t(REFUSALS['vote-budget-exhausted'].message),
    )
  })

  it('are all listed in the OpenAPI document, and a route lists its own', async () => {
    const { body } = await app.api('GET', '/openapi.json')
    const vote = body.paths['/v1/rounds/{id}/votes'].post
    const problem = vote.responses['409'].content['application/problem+json'].schema
    const resolved = problem.$ref
      ? body.components.schemas[String(problem.$ref).split('/').at(-1) as string]
      : problem
    expect([...resolved.properties.code.enum].sort()).toEqual([...PROBLEM_CODES].sort())
    expect(vote['x-problem-codes']).toEqual(
      expect.arrayContaining(['voting-not-open', 'vote-budget-exhausted', 'topic-not-votable']),
    )
  })

  it('travel in every problem answer beside the unchanged slug', async () => {
    const { token } = await votes.activePatron()
    const upcoming = await createRound(app.db, { timing: 'upcoming' })
    const [topicId] = await createTopics(app.db, upcoming.id, 1)
    const res = await votes.vote(token, upcoming.id, topicId!)
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({ type: '/problems/round-closed', code: 'voting-not-open' })

    const missing = await votes.withdraw(token, upcoming.id, MISSING_ID)
    expect(missing.body).toMatchObject({ type: '/problems/round-closed', code: 'withdrawal-closed' })

    const analyst = await createStaff(app.db, 'analyst')
    const reversed = await app.api('GET', '/v1/admin/reports/monthly?from=2026-05&to=2026-01', {
      token: staffToken(app.deps, analyst),
    })
    expect(reversed.status).toBe(400)
    expect(reversed.body).toMatchObject({ type: '/problems/validation', code: 'period-reversed' })

    const noRoute = await app.api('GET', '/v1/nothing-here')
    expect(noRoute.body).toMatchObject({ type: '/problems/not-found', code: 'not-found' })
  })
})
