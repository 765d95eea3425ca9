import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createDeps } from '../../src/deps.js'
import { request, TEST_JWT_SECRET } from '../helpers/app.js'
import { createTestDatabase, type TestDatabase } from '../helpers/db.js'
import { uniqueEmail } from '../helpers/factories.js'
import { parseEml } from '../helpers/outbox.js'

/** The real app with its log captured: the outbox path is logged, the one-time token never. */
const lines: string[] = []
const sink = new Writable({
  write(chunk, _enc, done) {
    lines.push(...String(chunk).split('\n').filter(Boolean))
    done()
  },
})
let database: TestDatabase
let dataDir: string
let url: string
let close: () => Promise<void>
beforeAll(async () => {
  database = await createTestDatabase()
  dataDir = mkdtempSync(join(tmpdir(), 'patronage-mail-'))
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    PUBLIC_URL: 'http://patronage.test',
  })
  const server = createApp(createDeps(config, database.db, pino({ level: 'trace' }, sink))).listen(0)
  await new Promise((resolve) => server.once('listening', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})
afterAll(async () => {
  await close()
  await database.drop()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('magic-link mail', () => {
  it('logs where the .eml went, and never the token, through request and redemption', async () => {
    const email = uniqueEmail()
    expect((await request(url, 'POST', '/v1/auth/magic-link', { body: { email } })).status).toBe(202)
    const logged = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'mail written to the outbox')
    expect(logged?.file).toMatch(new RegExp(`^${join(dataDir, 'outbox')}/.+\\.eml$`))

    const token = /token=([\w-]{43})/.exec(parseEml(logged.file).text)![1]!
    expect(token).toHaveLength(43)
    const redeemed = await request(url, 'POST', '/v1/auth/token', { body: { token } })
    expect(redeemed.status).toBe(200)

    expect(lines.length).toBeGreaterThan(2)
    for (const line of lines) {
      expect(line).not.toContain(token)
      expect(line).not.toContain(redeemed.body.refreshToken)
    }
  })
})
