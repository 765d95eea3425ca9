import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccessTokens } from '../../src/accounts/access-tokens.js'
import { loadConfig } from '../../src/config.js'
import { connectDatabase, type Db } from '../../src/db/connect.js'
import { request, TEST_JWT_SECRET } from '../helpers/app.js'
import { createMember } from '../helpers/factories.js'
import { type OwnPostgres, startOwnPostgres } from '../helpers/own-postgres.js'
import { type ServiceProcess, startServiceProcess } from '../helpers/service-process.js'
import { createRound, createTopics } from '../voting/fixtures.js'

// A Postgres server of this file's own is restarted (never the shared one): it runs with the
// Postgres suite, where the binaries are known to be there.
const enabled = Boolean(process.env.TEST_DATABASE_URL) && existsSync('/usr/lib/postgresql/15/bin/pg_ctl')

const PATRONS = 300
const TOPICS = 10
const BUDGET = 3
const WORKERS = 8

describe.skipIf(!enabled)('the database restarts while patrons vote', () => {
  let postgres: OwnPostgres
  let service: ServiceProcess
  let db: Db
  let base: string
  const dataDir = mkdtempSync(join(tmpdir(), 'patronage-restart-'))
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    PUBLIC_URL: 'http://patronage.test',
  }

  beforeAll(async () => {
    postgres = await startOwnPostgres()
    service = await startServiceProcess({ ...process.env, ...env, DATABASE_URL: postgres.url })
    base = `http://127.0.0.1:${service.port}`
    db = connectDatabase({ url: postgres.url, poolSize: 2 })
  }, 120_000)

  afterAll(async () => {
    if (service?.child.exitCode === null) await service.stop()
    await db?.destroy()
    await postgres?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('stays up, answers 503 while it is away, and votes resume with budgets and counts intact', async () => {
    const round = await createRound(db, { votesPerMember: BUDGET })
    const topics = await createTopics(db, round.id, TOPICS)
    const tokens = createAccessTokens(loadConfig(env))
    const patrons = await Promise.all(
      Array.from({ length: PATRONS }, async () => {
        const member = await createMember(db, { status: 'active' })
        return tokens.sign({ sub: member.id, role: 'patron', ent: ['vote'], tier: null }).accessToken
      }),
    )
    // Every request a new (patron, topic) pair: the 4th to 10th of a patron are over budget (409).
    const pairs = patrons.flatMap((token) => topics.map((topicId) => ({ token, topicId })))
    const statuses = new Map<number, number>()
    const readiness: number[] = []
    let next = 0
    let restarted = false
    let createdAfterRestart = 0
    const vote = async (pair: { token: string; topicId: string }) => {
      const res = await request(base, 'POST', `/v1/rounds/${round.id}/votes`, {
        token: pair.token,
        body: { topicId: pair.topicId },
      })
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      if (res.status === 201 && restarted) createdAfterRestart++
      if (res.status === 503) expect(res.body.type).toBe('/problems/unavailable')
    }
    const worker = async () => {
      while (next < pairs.length && createdAfterRestart < 50) await vote(pairs[next++]!)
    }
    const probe = async () => {
      while (next < pairs.length && createdAfterRestart < 50) {
        readiness.push((await request(base, 'GET', '/readyz')).status)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }

    const load = Promise.all([...Array.from({ length: WORKERS }, worker), probe()])
    while ((statuses.get(201) ?? 0) < 30) await new Promise((resolve) => setTimeout(resolve, 20))
    await postgres.restart()
    restarted = true
    await load

    expect(service.child.exitCode).toBe(null)
    expect(
      [...statuses.keys()].every((s) => [200, 201, 409, 503].includes(s)),
      JSON.stringify([...statuses]),
    ).toBe(true)
    expect(statuses.get(503)).toBeGreaterThan(0)
    expect(createdAfterRestart).toBeGreaterThan(0)
    expect(readiness).toContain(503)
    expect((await request(base, 'GET', '/readyz')).status).toBe(200)

    // Exactly once: a row for every 201 and none for an answer that failed; no budget exceeded.
    const counted = await sql<{
      n: number
    }>`select count(*)::int as n from votes where round_id = ${round.id}`.execute(db)
    const { rows } = await sql<{ most: number }>`
      select coalesce(max(n), 0)::int as most
      from (select count(*) as n from votes where round_id = ${round.id} group by member_id) per_member`.execute(
      db,
    )
    expect(counted.rows[0]!.n).toBe(statuses.get(201))
    expect(rows[0]!.most).toBeLessThanOrEqual(BUDGET)
  }, 180_000)
})
