/**
 * The cost of reading a staff account's role on every staff request: GET /v1/admin/staff?limit=1 (the
 * cheapest staff GET, one small query) with the role read from the database, as the service does,
 * against the same routes taking the role from the token, side by side at 50 connections. Runs
 * alternate (with, without, with, without) and are averaged, so drift on a shared machine cancels.
 */
import { sql } from 'kysely'
import { migrate } from '../src/db/migrate.js'
import { measured } from './load.bench.js'
import { load, ratio, round, runsTable } from './measure.js'
import { loadSeconds } from './options.js'
import { createBenchDatabase } from './postgres.js'
import type { Suite } from './run.js'
import { benchTokens } from './seed-voting.js'
import { BENCH_JWT_SECRET, BENCH_PUBLIC_URL, type ChildService, spawnScript } from './service.js'

const CONNECTIONS = 50
const STAFF = 50

export const staffAuthSuite: Suite = {
  name: 'staff-auth',
  description: `a staff GET with and without the per-request role lookup, at ${CONNECTIONS} connections`,
  async run({ serverUrl, log }) {
    const database = await createBenchDatabase(serverUrl, 'bench_staff_auth')
    await migrate(database.db)
    const staff = await sql<{ id: string }>`
      insert into staff (email, role)
      select 'staff-' || g || '@bench.test', case when g = 1 then 'admin' else 'editor' end
      from generate_series(1, ${STAFF}) g order by g returning id`.execute(database.db)
    const token = benchTokens().sign({ sub: staff.rows[0]!.id, role: 'admin' }).accessToken
    const spawn = (from: 'database' | 'token') =>
      spawnScript('bench/staff-auth.app.ts', {
        env: {
          DATABASE_URL: database.url,
          STAFF_ROLE_FROM: from,
          JWT_SECRET: BENCH_JWT_SECRET,
          PUBLIC_URL: BENCH_PUBLIC_URL,
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
        },
      })
    const withLookup = await spawn('database')
    const withoutLookup = await spawn('token')
    try {
      const get = (target: ChildService, duration: number) =>
        measured(target, () =>
          load({
            url: `${target.url}/v1/admin/staff?limit=1`,
            headers: { authorization: `Bearer ${token}` },
            connections: CONNECTIONS,
            duration,
          }),
        )
      const warmUp = Math.max(1, Math.round(loadSeconds / 5))
      log(`warm-up ${warmUp} s each, then ${loadSeconds} s per run, alternating`)
      await get(withLookup, warmUp)
      await get(withoutLookup, warmUp)
      const runs: [string, Awaited<ReturnType<typeof get>>][] = []
      for (const pass of [1, 2]) {
        runs.push([`with lookup #${pass}`, await get(withLookup, loadSeconds)])
        runs.push([`token role #${pass}`, await get(withoutLookup, loadSeconds)])
      }
      log(runsTable(runs))
      const mean = (prefix: string, pick: (f: (typeof runs)[number][1]) => number) => {
        const values = runs.filter(([name]) => name.startsWith(prefix)).map(([, f]) => pick(f))
        return round(values.reduce((a, b) => a + b, 0) / values.length)
      }
      const figures = {
        withLookup: { reqPerSec: mean('with', (f) => f.reqPerSec), p50Ms: mean('with', (f) => f.p50Ms) },
        tokenRole: { reqPerSec: mean('token', (f) => f.reqPerSec), p50Ms: mean('token', (f) => f.p50Ms) },
      }
      const throughputRatio = ratio(figures.withLookup.reqPerSec, figures.tokenRole.reqPerSec)
      log(
        `with lookup ${figures.withLookup.reqPerSec} req/s vs token role ${figures.tokenRole.reqPerSec} req/s: ratio ${throughputRatio}`,
      )
      const non2xx = runs.reduce((n, [, f]) => n + f.non2xx + f.errors, 0)
      if (non2xx > 0) throw new Error(`${non2xx} non-2xx answers or errors: the comparison is void`)
      return { ...figures, throughputRatio, runs: Object.fromEntries(runs) }
    } finally {
      await withLookup.stop()
      await withoutLookup.stop()
      await database.drop()
    }
  },
}
