import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import { sql } from 'kysely'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createDeps } from '../../src/deps.js'
import { createLogger, serializeError } from '../../src/logger.js'
import { request, TEST_JWT_SECRET } from '../helpers/app.js'
import { createTestDatabase } from '../helpers/db.js'
import { createStaff, staffToken } from '../helpers/factories.js'

/** What the service logs, captured line by line from its real pino logger and pino-http. */

const lines: string[] = []
const capture = new Writable({
  write(chunk, _encoding, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean))
    done()
  },
})

const database = await createTestDatabase()
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', JWT_SECRET: TEST_JWT_SECRET })
const deps = createDeps(config, database.db, createLogger(config, { pretty: false, destination: capture }))
const server = createApp(deps).listen(0)
await new Promise((resolve) => server.once('listening', resolve))
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  await database.drop()
})

const analyst = staffToken(deps, await createStaff(database.db, 'analyst'))
let counter = 0

/** Sends a request under a fresh request id and returns the answer and the log lines naming that id. */
async function logged(method: string, path: string, options: Parameters<typeof request>[3] = {}) {
  const id = `log-test-${++counter}`
  const res = await request(url, method, path, { ...options, headers: { 'x-request-id': id } })
  await new Promise((resolve) => setImmediate(resolve))
  return { res, lines: lines.filter((l) => l.includes(id)).map((l) => JSON.parse(l)) }
}

beforeEach(() => {
  lines.length = 0
})

describe('a 4xx', () => {
  it.each([
    ['bad JSON', 'POST', '/v1/auth/magic-link', { body: '{' }],
    ['a validation error', 'POST', '/v1/auth/magic-link', { body: { email: 'someone\u0000@example.test' } }],
    ['malformed percent-encoding', 'GET', '/v1/admin/members/%ff', { token: analyst }],
    ['an unknown token', 'GET', '/v1/me', { token: 'nonsense' }],
    ['no route', 'GET', '/nowhere', {}],
  ] as const)('is one log line without a stack: %s', async (_what, method, path, options) => {
    const { res, lines } = await logged(method, path, options)
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    expect(lines).toHaveLength(1)
    expect(lines[0].level).toBe(30)
    expect(JSON.stringify(lines[0])).not.toMatch(/stack|someone/)
  })
})

describe('a 500', () => {
  it('is logged once with the request id and the stack, and the failed statement’s values are not', async () => {
    // A failed statement with a personal value among its parameters: the table is gone for a moment.
    await sql`alter table members rename to members_away`.execute(database.db)
    try {
      const { res, lines } = await logged('GET', '/v1/admin/members?q=secret-person', { token: analyst })
      expect(res.status).toBe(500)
      expect(res.body).toMatchObject({ type: '/problems/internal' })
      expect(res.text).not.toMatch(/members|relation|select/i)
      expect(lines).toHaveLength(1)
      const [line] = lines
      expect(line.level).toBe(50)
      expect(line.req).toMatchObject({ id: `log-test-${counter}`, url: '/v1/admin/members' })
      expect(line.err.stack).toMatch(/members/)
      expect(line.err.code).toBe('42P01')
      expect(JSON.stringify(line)).not.toMatch(/secret-person|"query"|"params"|"detail"/)
    } finally {
      await sql`alter table members_away rename to members`.execute(database.db)
    }
  })
})

describe('serializeError', () => {
  it('drops the values a Postgres error carries', () => {
    const err = Object.assign(new Error('invalid input syntax for type uuid: "jane@example.test"'), {
      code: '22P02',
      severity: 'ERROR',
      detail: 'Key (email)=(jane@example.test) already exists.',
      query: 'select * from members where email = $1',
      params: ['jane@example.test'],
      where: 'jane@example.test',
    })
    const out = serializeError(err) as Record<string, unknown>
    expect(out).toMatchObject({ code: '22P02', severity: 'ERROR', message: expect.stringContaining('uuid') })
    expect(JSON.stringify(out)).not.toContain('jane')
  })

  it('keeps the cause chain, but not a Stripe error’s raw body and headers', () => {
    const stripeLike = Object.assign(new Error('No such customer'), {
      type: 'StripeInvalidRequestError',
      raw: { message: 'sk_test_secret' },
      headers: { 'request-id': 'req_1' },
      requestId: 'req_1',
    })
    const out = serializeError(new Error('outer', { cause: stripeLike })) as any
    expect(out.cause).toMatchObject({ type: 'StripeInvalidRequestError', requestId: 'req_1' })
    expect(JSON.stringify(out)).not.toContain('sk_test_secret')
  })
})
