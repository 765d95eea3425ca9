import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startDemo } from '../../src/dev/demo/start.js'
import { StartupError } from '../../src/startup.js'
import { freePort } from '../web/harness.js'

const root = mkdtempSync(join(tmpdir(), 'patronage-demo-start-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const start = async (dataDir: string, reset = false) =>
  startDemo({
    env: { DATA_DIR: dataDir, PORT: String(await freePort()), NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    members: 4,
    reset,
  })

describe('npm run demo, started again', () => {
  it('reuses its data and the simulator its saved state; --reset starts over', async () => {
    const dataDir = join(root, 'demo-data')
    const first = await start(dataDir)
    expect(first.outcome).toBe('seeded')
    expect(first.links.admin).toMatch(new RegExp(`^${first.service.url}/login\\?token=[\\w-]+$`))
    expect(first.links.patron).toMatch(/\/login\?token=/)
    const objects = first.simulator.objects.size
    // The seeded year's membership mails are sent as in production (no row left pending), but none
    // became an .eml file (each is named after its outbox row): the folder is for what a person does.
    const membershipMails = await first.service.deps.db
      .selectFrom('mail_outbox')
      .select(['id', 'kind', 'sent_at', 'next_attempt_at'])
      .where('bulk', '=', false)
      .where('kind', '!=', 'sign-in')
      .execute()
    expect(membershipMails.length).toBeGreaterThanOrEqual(4)
    // Only what is held for a later date waits: the running gift's reminder before it ends.
    const waiting = membershipMails.filter((m) => m.sent_at === null)
    expect(waiting.map((m) => m.kind)).toEqual(['gift-ending'])
    expect(waiting[0]!.next_attempt_at.getTime()).toBeGreaterThan(Date.now())
    const written = readdirSync(join(dataDir, 'outbox')).join('\n')
    expect(written).toContain('.eml')
    for (const mail of membershipMails) expect(written).not.toContain(mail.id)
    await first.close()

    const second = await start(dataDir)
    try {
      expect(second.outcome).toBe('reused')
      expect(second.simulator.objects.size).toBe(objects)
      // Every subscription the database knows is still in "Stripe", in the same state.
      const subs = await second.service.deps.db.selectFrom('subscriptions').select(['id', 'status']).execute()
      expect(subs.length).toBeGreaterThanOrEqual(4)
      for (const s of subs) expect(second.simulator.get(s.id, 'subscription').status).toBe(s.status)
    } finally {
      await second.close()
    }

    const third = await start(dataDir, true)
    try {
      expect(third.outcome).toBe('seeded')
      const subs = await third.service.deps.db.selectFrom('subscriptions').select('id').execute()
      expect(subs.every((s) => third.simulator.objects.has(s.id))).toBe(true)
      expect([...third.simulator.objects.keys()].some((id) => first.simulator.objects.has(id))).toBe(false)
    } finally {
      await third.close()
    }
  }, 240_000)

  it('refuses a folder that is not a demo folder, even with --reset', async () => {
    const dataDir = join(root, 'data')
    mkdirSync(dataDir)
    writeFileSync(join(dataDir, 'jwt-secret'), 'a real deployment lives here\n')
    await expect(start(dataDir, true)).rejects.toThrow(StartupError)
    await expect(start(dataDir)).rejects.toThrow(/is not a demo folder/)
  })
})
