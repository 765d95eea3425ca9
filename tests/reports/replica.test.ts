import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createDeps } from '../../src/deps.js'
import { createLogger } from '../../src/logger.js'
import { startService } from '../../src/server.js'
import { request, TEST_JWT_SECRET } from '../helpers/app.js'
import { createTestDatabase, type TestDatabase } from '../helpers/db.js'
import { createMember, createStaff, staffToken } from '../helpers/factories.js'
import { preparedStatements } from '../helpers/postgres.js'
import { createRound } from '../voting/fixtures.js'

/**
 * A second database stands in for the replica: rows present only there prove where reports and
 * exports read. On Postgres the service is started from DATABASE_REPLICA_URL as in production; on
 * PGlite (no URL to give) the replica is handed to the dependencies directly.
 */
let primary: TestDatabase
let replica: TestDatabase
let base: string
let token: string
let close: () => Promise<void>
const dataDir = mkdtempSync(join(tmpdir(), 'patronage-replica-'))

beforeAll(async () => {
  ;[primary, replica] = await Promise.all([createTestDatabase(), createTestDatabase()])
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    DATABASE_URL: primary.url,
    DATABASE_REPLICA_URL: replica.url,
    // Behind a transaction-mode pooler (CI's PgBouncer pass) no named prepared statements.
    DATABASE_PREPARED_STATEMENTS: preparedStatements ? 'true' : 'false',
  })
  // The same analyst on both, as replication would have it.
  const analyst = await createStaff(primary.db, 'analyst')
  await replica.db.insertInto('staff').values(analyst).execute()
  if (primary.url) {
    const service = await startService(config, createLogger(config))
    base = `http://127.0.0.1:${service.port}`
    token = staffToken(service.deps, analyst)
    close = service.close
  } else {
    const deps = createDeps(config, primary.db, createLogger(config), replica.db)
    const server = createApp(deps).listen(0)
    await new Promise((resolve) => server.once('listening', resolve))
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    token = staffToken(deps, analyst)
    close = () => new Promise((resolve) => server.close(() => resolve()))
  }
}, 60_000)

afterAll(async () => {
  await close?.()
  await Promise.all([primary?.drop(), replica?.drop()])
  rmSync(dataDir, { recursive: true, force: true })
})

describe('reports and exports read from the replica', () => {
  it('the members export lists what the replica holds, not the primary', async () => {
    await createMember(primary.db, { email: 'primary-only@example.test', status: 'active' })
    await createMember(replica.db, { email: 'replica-only@example.test', status: 'active' })
    const csv = await request(base, 'GET', '/v1/admin/exports/members.csv', { token })
    expect(csv.status).toBe(200)
    expect(csv.text).toContain('replica-only@example.test')
    expect(csv.text).not.toContain('primary-only@example.test')
  })

  it('a round report finds a round that only the replica has', async () => {
    const round = await createRound(replica.db)
    expect((await request(base, 'GET', `/v1/admin/reports/rounds/${round.id}`, { token })).status).toBe(200)
    const onPrimary = await createRound(primary.db)
    expect((await request(base, 'GET', `/v1/admin/reports/rounds/${onPrimary.id}`, { token })).status).toBe(
      404,
    )
    expect((await request(base, 'GET', '/v1/admin/reports/summary', { token })).status).toBe(200)
  })
})
