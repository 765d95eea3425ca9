import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { request } from '../helpers/app.js'
import { withDatabase } from '../helpers/postgres.js'
import {
  failedStart,
  hasStackTrace,
  migratedDataDir,
  startServiceProcess,
} from '../helpers/service-process.js'

const dirs: string[] = []
const newDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'patronage-startup-'))
  dirs.push(dir)
  return dir
}
/** A folder with a migrated database: these tests are about start-up, not about a new database. */
const migratedDir = () => {
  const dir = migratedDataDir('patronage-startup-')
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const baseEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', ...extra }
  if (!extra.DATABASE_URL) delete env.DATABASE_URL
  return env
}

/** The failure is one line on stderr, with no stack trace. */
function expectOneReadableLine(result: { code: number | null; output: string }, text: string) {
  expect(result.code).toBe(1)
  const line = result.output.split('\n').find((l) => l.startsWith('Patronage could not start: '))
  expect(line, result.output).toContain(text)
  expect(hasStackTrace(result.output)).toBe(false)
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

// Start-up does not depend on the database kind: these run with the embedded suite only.
describe.skipIf(process.env.TEST_DATABASE_URL)('start-up that explains itself', () => {
  it('a data folder that cannot be made (DATA_DIR=/proc/nope) or is a file', async () => {
    expectOneReadableLine(await failedStart(baseEnv({ DATA_DIR: '/proc/nope' })), 'DATA_DIR /proc/nope')
    const file = join(newDir(), 'a-file')
    writeFileSync(file, '')
    const withSecret = baseEnv({ DATA_DIR: file, JWT_SECRET: 'x'.repeat(40) })
    expectOneReadableLine(await failedStart(withSecret), `DATA_DIR ${file} is not a writable folder`)
  })

  it('a Postgres that refuses connections: a retry line, then one line and exit 1', async () => {
    const port = await closedPort()
    const result = await failedStart(
      baseEnv({ DATA_DIR: newDir(), DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/patronage` }),
    )
    expectOneReadableLine(
      result,
      `the database patronage at 127.0.0.1:${port} (DATABASE_URL): connection refused`,
    )
    expect(result.output).toContain('Retrying in 2 s (attempt 1 of 5)')
  }, 60_000)

  it('says what is configured, warns about look-alike variables, offers a setup link; a second one finds the port taken', async () => {
    const service = await startServiceProcess(
      baseEnv({
        DATA_DIR: migratedDir(),
        STRIPE_SECRET: 'sk_test_typo',
        STRIPE_SECRET_KEY: 'sk_test_abc123',
        SMTP_URL: 'smtp://mailer:hunter2secret@mail.example:2525',
      }),
    )
    try {
      const output = service.output()
      expect(output).toContain('Configured: database embedded (')
      expect(output).toContain('Stripe key set (test mode), webhook secret MISSING')
      expect(output).toContain('mail via SMTP at mail.example:2525')
      expect(output).toContain(
        'STRIPE_SECRET is set but not a Patronage variable (did you mean STRIPE_SECRET_KEY?)',
      )
      for (const secret of ['sk_test_abc123', 'hunter2secret', 'sk_test_typo'])
        expect(output).not.toContain(secret)

      const base = `http://127.0.0.1:${service.port}`
      const webhook = await request(base, 'POST', '/v1/stripe/webhook', {
        body: '{}',
        headers: { 'stripe-signature': 't=1,v1=x' },
      })
      expect(webhook.status).toBe(503)
      expect(webhook.body.detail).toContain('STRIPE_WEBHOOK_SECRET')

      const link = /open (http:\/\/\S+\/setup\?token=\S+) within/.exec(output)?.[1]
      expect(link, output).toBeDefined()
      const page = await request(base, 'GET', new URL(link!).pathname + new URL(link!).search)
      expect(page.status).toBe(200)
      expect(page.text).toContain('<form method="post" action="/setup"')

      expectOneReadableLine(
        await failedStart(baseEnv({ DATA_DIR: migratedDir(), PORT: String(service.port) })),
        `Port ${service.port} is in use`,
      )
    } finally {
      expect(await service.stop()).toBe(0)
    }
  }, 120_000)
})

describe.skipIf(!process.env.TEST_DATABASE_URL)('start-up against a Postgres server', () => {
  it('a database that does not exist stops start-up at once', async () => {
    // Postgres's own refusal is what start-up explains: straight to the server, not through a pooler.
    const server = process.env.TEST_DATABASE_ADMIN_URL ?? process.env.TEST_DATABASE_URL!
    const url = withDatabase(server, 'patronage_no_such_database')
    const result = await failedStart(baseEnv({ DATA_DIR: newDir(), DATABASE_URL: url }))
    expectOneReadableLine(result, 'The database patronage_no_such_database at ')
    expect(result.output).toContain('(DATABASE_URL) does not exist')
    expect(result.output).not.toContain('Retrying')
  })
})
