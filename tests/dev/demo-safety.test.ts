import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createDeps } from '../../src/deps.js'
import {
  assertSimulatorAllowed,
  SimulatorRefused,
  StripeSimulator,
  TEST_STRIPE_KEY,
} from '../../src/dev/stripe-simulator/api.js'
import { hostStripePages } from '../../src/dev/stripe-simulator/hosted-pages.js'
import { createLogger } from '../../src/logger.js'
import { request } from '../helpers/app.js'
import { createTestDatabase, type TestDatabase } from '../helpers/db.js'

const run = promisify(execFile)

/** `npm run demo` as a child process with this environment; never reaches listening when refused. */
async function runDemo(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'patronage-demo-refused-'))
  rmSync(dataDir, { recursive: true })
  try {
    await run(process.execPath, ['--import', 'tsx', 'src/dev/demo/main.ts'], {
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', ...env },
      timeout: 60_000,
    })
    throw new Error('the demo started')
  } catch (err) {
    const e = err as { code?: number; stderr?: string }
    return { code: e.code, stderr: e.stderr ?? '', createdFolder: existsSync(dataDir) }
  }
}

describe('the simulator refuses to run where money could be real', () => {
  const nodeEnv = process.env.NODE_ENV
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv
  })

  it('refuses NODE_ENV=production and any STRIPE_SECRET_KEY but its own', () => {
    expect(() => assertSimulatorAllowed({ NODE_ENV: 'production' })).toThrow(SimulatorRefused)
    expect(() => assertSimulatorAllowed({ STRIPE_SECRET_KEY: 'sk_test_51RealTestModeKey' })).toThrow(
      /real Stripe key/,
    )
    expect(() => assertSimulatorAllowed({ STRIPE_SECRET_KEY: 'sk_live_51RealLiveKey' })).toThrow(
      SimulatorRefused,
    )
    expect(() =>
      assertSimulatorAllowed({ NODE_ENV: 'development', STRIPE_SECRET_KEY: TEST_STRIPE_KEY }),
    ).not.toThrow()
    expect(() => assertSimulatorAllowed({ NODE_ENV: 'test' })).not.toThrow()
  })

  it('in production neither listens nor serves its pages', async () => {
    process.env.NODE_ENV = 'production'
    const fake = new StripeSimulator()
    await expect(fake.start()).rejects.toThrow(SimulatorRefused)
    expect(fake.url).toBe('')
    expect(() => hostStripePages(fake)).toThrow(SimulatorRefused)
    expect(fake.pages).toBeUndefined()
  })

  it('npm run demo exits with one line and no data folder under NODE_ENV=production', async () => {
    const refused = await runDemo({ NODE_ENV: 'production' })
    expect(refused.code).toBe(1)
    expect(refused.stderr.trim()).toBe(
      'The demo could not start: The Stripe simulator does not run with NODE_ENV=production.',
    )
    expect(refused.createdFolder).toBe(false)
  }, 60_000)

  it('npm run demo refuses a real STRIPE_SECRET_KEY', async () => {
    const refused = await runDemo({ STRIPE_SECRET_KEY: 'sk_test_51RealTestModeKey' })
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('STRIPE_SECRET_KEY is set to a real Stripe key')
    expect(refused.createdFolder).toBe(false)
  }, 60_000)
})

describe('a production service routes nothing of the simulator', () => {
  let database: TestDatabase
  let dataDir: string
  beforeAll(async () => {
    database = await createTestDatabase()
    dataDir = mkdtempSync(join(tmpdir(), 'patronage-prod-'))
  })
  afterAll(async () => {
    await database.drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  /** The app with this NODE_ENV and, as only the demo sets it, a simulator to link to. */
  async function serve(env: 'production' | 'development', path: string) {
    const config = loadConfig({
      NODE_ENV: env,
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      JWT_SECRET: 'a-production-secret-of-at-least-32-bytes!',
    })
    const demo = { ...config, demo: { simulatorUrl: 'http://localhost:3001' } }
    const server = createApp(createDeps(demo, database.db, createLogger(config))).listen(0)
    await new Promise((resolve) => server.once('listening', resolve))
    const { port } = server.address() as { port: number }
    try {
      return await request(`http://127.0.0.1:${port}`, 'GET', path, { headers: { accept: 'text/html' } })
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }

  it('answers 404 for the simulator’s pages and shows no demo banner', async () => {
    for (const path of ['/c/pay/cs_test_x', '/p/session/bps_x', '/clock/advance']) {
      expect((await serve('production', path)).status).toBe(404)
    }
    const home = await serve('production', '/')
    expect(home.status).toBe(200)
    expect(home.text).not.toContain('demo-banner')
    expect(home.text).not.toContain('localhost:3001')
    // The same configuration outside production shows the banner: the test above can fail.
    expect((await serve('development', '/')).text).toContain('Demo: payments are simulated')
  })
})
