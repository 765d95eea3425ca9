import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { loadConfig } from '../../config.js'
import { makeDir } from '../../data-dir.js'
import type { Deps } from '../../deps.js'
import { createLogger, type Logger } from '../../logger.js'
import { type RunningService, startService } from '../../server.js'
import { StartupError } from '../../startup.js'
import { assertSimulatorAllowed, StripeSimulator, TEST_STRIPE_KEY } from '../stripe-simulator/api.js'
import { hostStripePages } from '../stripe-simulator/hosted-pages.js'
import { loadSimulatorState, saveLater } from '../stripe-simulator/state.js'
import { WebhookSender } from '../stripe-simulator/webhooks.js'
import { DEMO_ADMIN, DEMO_PATRON, DEMO_SITE } from './newsroom.js'
import { Phases } from './phases.js'
import { type SeedOutcome, seedDemo } from './seed.js'
import { signInLink } from './sign-in.js'

/** The files that make a folder a demo folder: only such a folder is ever wiped by --reset. */
const STATE_FILE = 'stripe-simulator.json'
const SECRET_FILE = 'demo-webhook-secret'

export interface DemoOptions {
  /** The variables the demo honours: NODE_ENV, PORT, DATA_DIR, PUBLIC_URL, LOG_LEVEL; STRIPE_SECRET_KEY is only checked. */
  env?: Record<string, string | undefined>
  reset?: boolean
  members?: number
  logger?: Logger
}

export interface RunningDemo {
  service: RunningService
  simulator: StripeSimulator
  simulatorUrl: string
  outcome: SeedOutcome
  /** Seconds from start to ready. */
  seconds: number
  /** Where those seconds went. */
  phases: Phases
  links: { admin: string | undefined; patron: string | undefined }
  close(): Promise<void>
}

/** Refuses a folder that holds something other than a demo (e.g. DATA_DIR pointing at ./data). */
function prepareFolder(dataDir: string, reset: boolean): void {
  const entries = existsSync(dataDir) ? readdirSync(dataDir) : []
  const isDemo = entries.includes(STATE_FILE) || entries.includes(SECRET_FILE)
  if (entries.length > 0 && !isDemo)
    throw new StartupError(
      `${dataDir} is not a demo folder: the demo uses its own DATA_DIR (default ./demo-data).`,
    )
  if (reset && isDemo) rmSync(dataDir, { recursive: true, force: true })
  makeDir(dataDir)
}

function webhookSecret(dataDir: string): string {
  const file = join(dataDir, SECRET_FILE)
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const secret = `whsec_demo_${randomBytes(24).toString('hex')}`
  writeFileSync(file, `${secret}\n`, { mode: 0o600 })
  return secret
}

async function startSimulator(fake: StripeSimulator, port: number): Promise<void> {
  try {
    await fake.start(port)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err
    await fake.start(0)
  }
}

/** The service's configuration: its own folder, the simulator as Stripe, the demo newsroom. */
function demoConfig(
  env: Record<string, string | undefined>,
  dataDir: string,
  port: number,
  fake: StripeSimulator,
) {
  const base = loadConfig({
    NODE_ENV: env.NODE_ENV ?? 'development',
    PORT: String(port),
    DATA_DIR: dataDir,
    // The first-admin hint (a warning) would mislead: the demo makes its admin right after.
    LOG_LEVEL: env.LOG_LEVEL ?? 'error',
    ...(env.PUBLIC_URL ? { PUBLIC_URL: env.PUBLIC_URL } : {}),
    STRIPE_SECRET_KEY: TEST_STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET: webhookSecret(dataDir),
    STRIPE_API_BASE: fake.url,
    LOGIN_LIMIT_PER_EMAIL: '100',
    ...DEMO_SITE,
  })
  // One origin for the simulator's API and pages: the service's CSP lets forms lead to Stripe's API origin.
  return { ...base, demo: { simulatorUrl: fake.url } }
}

/** The service answers a seeded event at once or something is wrong: no waiting seconds between tries. */
const SEEDING_RETRY = { attempts: 3, firstDelayMs: 50 }

/**
 * While the past year is seeded, its mails are made, claimed and marked sent exactly as production
 * does, but not written as .eml files: the outbox folder keeps only the mails of what a person does
 * in the demo (their join mail is easy to find), and seeding skips hundreds of file writes.
 */
async function withMailsUnwritten<T>(deps: Deps, work: () => Promise<T>): Promise<T> {
  const mailer = deps.mailer
  deps.mailer = { send: async () => {} }
  try {
    return await work()
  } finally {
    deps.mailer = mailer
  }
}

/**
 * `npm run demo`: the Stripe simulator (in this process, on the next port: a separate origin, as
 * Stripe is) and the service on its own data folder, configured to talk to it; the demo newsroom
 * seeded on first run (or after --reset); fresh sign-in links for the demo admin and patron.
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const started = Date.now()
  const phases = new Phases()
  const env = options.env ?? process.env
  assertSimulatorAllowed(env)
  const dataDir = resolve(env.DATA_DIR || './demo-data')
  prepareFolder(dataDir, options.reset ?? false)
  const stateFile = join(dataDir, STATE_FILE)
  const fake = new StripeSimulator()
  const restored = loadSimulatorState(fake, stateFile)
  const port = Number(env.PORT ?? 3000)
  await startSimulator(fake, port === 0 ? 0 : port + 1)
  const config = demoConfig(env, dataDir, port, fake)
  const logger = options.logger ?? createLogger(config)
  const save = saveLater(fake, stateFile)
  let service: RunningService | undefined
  const close = async () => {
    save.flush()
    await service?.close()
    await fake.stop()
  }
  try {
    service = await phases.time('start-up', () => startService(config, logger))
    const sender = new WebhookSender(
      `http://127.0.0.1:${service.port}/v1/stripe/webhook`,
      config.stripe.webhookSecret!,
    )
    hostStripePages(fake, { sender, serviceUrl: config.publicUrl, onChange: save })
    const seeding = new WebhookSender(sender.endpoint, sender.secret, SEEDING_RETRY)
    const outcome = await withMailsUnwritten(service.deps, () =>
      seedDemo(service!.deps, fake, seeding, {
        ...(options.members ? { members: options.members } : {}),
        onStripeDone: save.flush,
        phases,
      }),
    )
    if (outcome === 'reused' && !restored)
      logger.warn(
        `${stateFile} is missing: the simulator lost its subscriptions; run npm run demo -- --reset`,
      )
    save.flush()
    const deps = service.deps
    const links = await phases.time('sign-in links', async () => ({
      admin: await signInLink(deps, DEMO_ADMIN),
      patron: await signInLink(deps, DEMO_PATRON),
    }))
    const seconds = (Date.now() - started) / 1000
    return { service, simulator: fake, simulatorUrl: fake.url, outcome, seconds, phases, links, close }
  } catch (err) {
    await close()
    throw err
  }
}
