import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectDatabase, type Db, embeddedDir } from '../../src/db/connect.js'
import { StripeSimulator, TEST_STRIPE_KEY, TEST_WEBHOOK_SECRET } from '../../src/dev/stripe-simulator/api.js'
import { BillingSimulator, type SignedEvent } from '../../src/dev/stripe-simulator/billing.js'
import { TEST_JWT_SECRET } from '../helpers/app.js'
import { createTestDatabase, type TestDatabase } from '../helpers/db.js'
import { uniqueEmail } from '../helpers/factories.js'
import { parseEml } from '../helpers/outbox.js'
import { exitOf, migratedDataDir, startServiceProcess } from '../helpers/service-process.js'
import { deliver } from '../helpers/stripe-events.js'

/**
 * The real process, killed with SIGKILL while Stripe delivers 60 events (20 checkouts), then every
 * event delivered again: each member is active once and gets exactly one welcome mail.
 */
const MEMBERS = 20
const dataDir = migratedDataDir('patronage-crash-')
let fake: StripeSimulator
let database: TestDatabase | undefined
let env: NodeJS.ProcessEnv

beforeAll(async () => {
  fake = await new StripeSimulator().start()
  if (process.env.TEST_DATABASE_URL) database = await createTestDatabase()
  env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'info',
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    PUBLIC_URL: 'http://patronage.test',
    STRIPE_SECRET_KEY: TEST_STRIPE_KEY,
    STRIPE_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    STRIPE_API_BASE: fake.url,
    DATABASE_URL: database?.url,
    // The killed process leaves claimed mails behind: they wait out this lease (30 s by default; 2 is
    // the least it may be).
    MAIL_LEASE_SECONDS: '2',
  }
  if (!database) delete env.DATABASE_URL
})

afterAll(async () => {
  await fake.stop()
  await database?.drop()
  rmSync(dataDir, { recursive: true, force: true })
})

function welcomeMails() {
  const dir = join(dataDir, 'outbox')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => parseEml(join(dir, f)))
    .filter((m) => m.subject === 'Welcome, patron of Patronage')
}

describe('mails that cannot be lost', () => {
  it('SIGKILL in the middle of 60 deliveries, then redelivery: each member active once, one welcome each', async () => {
    const sim = new BillingSimulator(fake)
    const price = sim.price(500)
    const emails = Array.from({ length: MEMBERS }, () => uniqueEmail('crash'))
    const events: SignedEvent[] = emails.flatMap(
      (email) => sim.checkout(crypto.randomUUID(), sim.customer(email), price).events,
    )
    expect(events).toHaveLength(3 * MEMBERS)

    const first = await startServiceProcess(env)
    const firstUrl = `http://127.0.0.1:${first.port}`
    const killed = exitOf(first.child)
    let answered = 0
    const pending = events.map((e) =>
      deliver(firstUrl, e)
        .then(() => {
          if (++answered === 25) first.child.kill('SIGKILL')
        })
        .catch(() => {}),
    )
    await Promise.all(pending)
    await killed

    const second = await startServiceProcess(env)
    const secondUrl = `http://127.0.0.1:${second.port}`
    for (const e of events) expect((await deliver(secondUrl, e)).status).toBe(200)
    // The sender of the new process sends what the killed one committed but had not sent (a mail
    // it had claimed waits for its lease to run out).
    for (let i = 0; i < 600 && welcomeMails().length < MEMBERS; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(await second.stop()).toBe(0)

    const welcomes = welcomeMails()
    for (const email of emails)
      expect(
        welcomes.filter((m) => m.to.includes(email)),
        email,
      ).toHaveLength(1)
    expect(welcomes).toHaveLength(MEMBERS)

    const db: Db = database ? database.db : connectDatabase({ pgliteDir: embeddedDir(dataDir) })
    try {
      const members = await db
        .selectFrom('members as m')
        .leftJoin('membership_history as h', (j) =>
          j.onRef('h.member_id', '=', 'm.id').on('h.new_patron', '=', true),
        )
        .select(['m.email', 'm.status', (eb) => eb.fn.count<number>('h.id').as('starts')])
        .where('m.email', 'in', emails)
        .groupBy(['m.email', 'm.status'])
        .execute()
      expect(members).toHaveLength(MEMBERS)
      for (const m of members)
        expect({ status: m.status, starts: Number(m.starts) }).toEqual({ status: 'active', starts: 1 })
      const outbox = await db
        .selectFrom('mail_outbox')
        .select(['recipient', 'sent_at'])
        .where('kind', '=', 'welcome')
        .execute()
      expect(outbox).toHaveLength(MEMBERS)
      expect(outbox.every((m) => m.sent_at !== null)).toBe(true)
    } finally {
      if (!database) await db.destroy()
    }
  }, 180_000)
})
