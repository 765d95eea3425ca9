import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createDeps } from '../../src/deps.js'
import { TEST_STRIPE_KEY, TEST_WEBHOOK_SECRET } from '../../src/dev/stripe-simulator/api.js'
import { stripeEvent } from '../../src/dev/stripe-simulator/billing.js'
import { createLogger } from '../../src/logger.js'
import { TEST_JWT_SECRET } from '../helpers/app.js'
import { createTestDatabase, type TestDatabase } from '../helpers/db.js'
import { deliver } from '../helpers/stripe-events.js'

let database: TestDatabase
const dataDir = mkdtempSync(join(tmpdir(), 'patronage-logging-'))
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await database.drop()
  rmSync(dataDir, { recursive: true, force: true })
})

/** The app with its logger writing into memory; `lines()` is everything logged so far. */
async function appLoggingTo(pretty: boolean, env: Record<string, string> = {}) {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    PUBLIC_URL: 'http://patronage.test',
    ...env,
  })
  const output = new PassThrough()
  let text = ''
  output.on('data', (chunk: Buffer) => (text += chunk))
  const deps = createDeps(config, database.db, createLogger(config, { pretty, destination: output }))
  const server = createApp(deps).listen(0)
  await new Promise((resolve) => server.once('listening', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    lines: () => text.split('\n').filter(Boolean),
    close: () => new Promise((resolve) => server.close(resolve)),
  }
}

/** A magic link: its request logs the mail it wrote (through the app-wide logger) and its completion. */
async function requestMagicLink(url: string) {
  const res = await fetch(`${url}/v1/auth/magic-link`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `reader-${Date.now()}@example.test` }),
  })
  expect(res.status).toBe(202)
  return res.headers.get('x-request-id')!
}

async function eventually(check: () => void) {
  for (let i = 0; ; i++) {
    try {
      return check()
    } catch (err) {
      if (i > 50) throw err
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

describe('logs', () => {
  it('are JSON lines with ISO times, and every line of a request carries its id', async () => {
    const app = await appLoggingTo(false)
    try {
      const reqId = await requestMagicLink(app.url)
      await eventually(() => {
        const mine = app
          .lines()
          .map((l) => JSON.parse(l))
          .filter((l) => l.reqId === reqId)
        expect(mine.map((l) => l.msg)).toEqual(
          expect.arrayContaining(['mail written to the outbox', 'request completed']),
        )
      })
      for (const line of app.lines().map((l) => JSON.parse(l))) {
        expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
        expect(line.reqId).toBeDefined()
      }
    } finally {
      await app.close()
    }
  })

  it("give a Stripe webhook one line, its request's, with the event's id, type and outcome", async () => {
    // A type no handler takes: stored as processed and ignored, without a call to Stripe.
    const app = await appLoggingTo(false, {
      STRIPE_SECRET_KEY: TEST_STRIPE_KEY,
      STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    })
    try {
      const event = stripeEvent('customer.created', { id: 'cus_logged', object: 'customer' }, 1_700_000_000)
      const res = await deliver(app.url, event)
      expect(res.status).toBe(200)
      const reqId = res.headers.get('x-request-id')
      await eventually(() => {
        const mine = app
          .lines()
          .map((l) => JSON.parse(l))
          .filter((l) => l.reqId === reqId)
        expect(mine).toEqual([
          expect.objectContaining({
            msg: 'request completed',
            eventId: event.id,
            type: 'customer.created',
            outcome: 'ignored',
            res: { statusCode: 200 },
          }),
        ])
      })
    } finally {
      await app.close()
    }
  })

  it('are readable lines for a terminal, with the request id', async () => {
    const app = await appLoggingTo(true)
    try {
      const reqId = await requestMagicLink(app.url)
      await eventually(() =>
        expect(app.lines()).toContainEqual(
          expect.stringMatching(
            new RegExp(
              `^\\[[\\d:.]+\\] INFO: request completed — POST /v1/auth/magic-link 202 \\d+ ms \\[${reqId}\\]$`,
            ),
          ),
        ),
      )
      expect(app.lines().some((l) => l.startsWith('{'))).toBe(false)
    } finally {
      await app.close()
    }
  })
})
