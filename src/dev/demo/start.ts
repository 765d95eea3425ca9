import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { loadConfig } from '../../config.js'
import { makeDir } from '../../data-dir.js'
import { createLogger, type Logger } from '../../logger.js'
import { type RunningService, startService } from '../../server.js'
import { StartupError } from '../../startup.js'
import { assertSimulatorAllowed, StripeSimulator, TEST_STRIPE_KEY } from '../stripe-simulator/api.js'
import { hostStripePages } from '../stripe-simulator/hosted-pages.js'
import { loadSimulatorState, saveLater } from '../stripe-simulator/state.js'
import { WebhookSender } from '../stripe-simulator/webhooks.js'
import { DEMO_ADMIN, DEMO_PATRON, DEMO_SITE } from './newsroom.js'
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

/**
 * `npm run demo`: the Stripe simulator (in this process, on the next port: a separate origin, as
 * Stripe is) and the service on its own data folder, configured to talk to it; the demo newsroom
 * seeded on first run (or after --reset); fresh sign-in links for the demo admin and patron.
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const started = Date.now()
  const env = options.env ?? process.env
  assertSimulatorAllowed(env)
  const dataDir = resolve(env.DATA_DIR || './demo-data')
  prepareFolder(dataDir, options.reset ?? false)
  const stateFile = join(dataDir, STATE_FILE)
  const fake = new StripeSimulator()
  const restored = loadSimulatorState(fake, stateFile)
  const port = Number(env.PORT ?? 3000)
  await startSimulator(fake, port === 0 ? 0 : port + 1)
  // One origin for its API and its pages: the service's CSP lets forms lead to Stripe's API origin.
  const simulatorUrl = fake.url
  const base = loadConfig({
    NODE_ENV: env.NODE_ENV ?? 'development',
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
    ...(env.PUBLIC_URL ? { PUBLIC_URL: env.PUBLIC_URL } : {}),
    STRIPE_SECRET_KEY: TEST_STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET: webhookSecret(dataDir),
    STRIPE_API_BASE: fake.url,
    LOGIN_LIMIT_PER_EMAIL: '100',
    ...DEMO_SITE,
  })
  const config = { ...base, demo: { simulatorUrl } }
  const logger = options.logger ?? createLogger(config)
  let service: RunningService
  try {
    service = await startService(config, logger)
  } catch (err) {
    await fake.stop()
    throw err
  }
  const webhookUrl = `http://127.0.0.1:${service.port}/v1/stripe/webhook`
  const sender = new WebhookSender(webhookUrl, config.stripe.webhookSecret!)
  const save = saveLater(fake, stateFile)
  hostStripePages(fake, { sender, pageBase: simulatorUrl, serviceUrl: config.publicUrl, onChange: save })
  const outcome = await seedDemo(service.deps, fake, sender, {
    ...(options.members ? { members: options.members } : {}),
    onStripeDone: save.flush,
  })
  if (outcome === 'reused' && !restored)
    logger.warn(
      `${stateFile} is missing: the simulator has lost its subscriptions; run npm run demo -- --reset`,
    )
  save.flush()
  const links = {
    admin: await signInLink(service.deps, DEMO_ADMIN),
    patron: await signInLink(service.deps, DEMO_PATRON),
  }
  return {
    service,
    simulator: fake,
    simulatorUrl,
    outcome,
    seconds: (Date.now() - started) / 1000,
    links,
    async close() {
      save.flush()
      await service.close()
      await fake.stop()
    },
  }
}
