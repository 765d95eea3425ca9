import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { insertFamily, insertRefreshToken } from '../src/accounts/refresh.repository.js'
import { hashSecret, newSecret } from '../src/accounts/secrets.js'
import { createApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import type { Db } from '../src/db/connect.js'
import { migrate } from '../src/db/migrate.js'
import { createDeps } from '../src/deps.js'
import { createLogger } from '../src/logger.js'
import { SESSION_COOKIE } from '../src/web/pages.js'
import { createBenchDatabase } from './postgres.js'
import { seedMembership } from './reports.seed.js'
import type { Suite, SuiteContext } from './run.js'

const RUNS = 15
const WARMUP = 5
/** Reports that must not grow with membership: 1M-member latency at most 3x the 10k one. */
const TARGET_RATIO = 3

const month = (d: Date) => d.toISOString().slice(0, 7)

function reportPaths(now: Date): Record<string, string> {
  const monthsAgo = (k: number) => month(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 1)))
  const yearAgo = new Date(now.getTime() - 365 * 86_400_000).toISOString()
  return {
    summary: '/v1/admin/reports/summary',
    'summary (a year ago)': `/v1/admin/reports/summary?at=${encodeURIComponent(yearAgo)}`,
    'monthly (24 months)': `/v1/admin/reports/monthly?from=${monthsAgo(23)}&to=${month(now)}`,
    'cohorts (12 months)': `/v1/admin/reports/cohorts?from=${monthsAgo(11)}&to=${month(now)}`,
    // The staff dashboard page: summary, 24 months and cohorts rendered as tiles, tables and charts.
    'dashboard page (24 months)': '/admin?months=24',
  }
}
/** Reports that read rollups only: their cost is bounded by days × currencies × tiers (or cohorts), not members. */
const constantCost = new Set([
  'summary',
  'summary (a year ago)',
  'monthly (24 months)',
  'cohorts (12 months)',
  'dashboard page (24 months)',
])

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

interface SizeResult {
  members: number
  seedSeconds: number
  historyRows: number
  dailyRows: number
  medianMs: Record<string, number>
  export: { rows: number; seconds: number; rssGrowthMb: number }
}

async function measureSize(ctx: SuiteContext, members: number): Promise<SizeResult> {
  const database = await createBenchDatabase(ctx.serverUrl, `patronage_bench_${members}`)
  const dataDir = mkdtempSync(join(tmpdir(), 'patronage-bench-app-'))
  try {
    const db = database.db
    await migrate(db)
    ctx.log(`seeding ${members.toLocaleString('en')} members...`)
    const seedStart = performance.now()
    await seedMembership(db, members, ctx.log)
    const seedSeconds = (performance.now() - seedStart) / 1000
    const count = async (table: 'membership_history' | 'membership_daily') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const historyRows = await count('membership_history')
    const dailyRows = await count('membership_daily')
    ctx.log(
      `  seeded in ${seedSeconds.toFixed(1)} s: ${historyRows} history rows, ${dailyRows} daily rollup rows`,
    )

    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      JWT_SECRET: 'bench-secret-that-is-at-least-32-bytes-long',
    })
    const deps = createDeps(config, db, createLogger(config))
    const server = createApp(deps).listen(0, '127.0.0.1')
    await new Promise((resolve) => server.once('listening', resolve))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const staff = await db
      .insertInto('staff')
      .values({ email: 'bench-analyst@example.test', role: 'analyst' })
      .returning(['id', 'role'])
      .executeTakeFirstOrThrow()
    const headers = {
      authorization: `Bearer ${deps.tokens.sign({ sub: staff.id, role: staff.role }).accessToken}`,
    }
    // The dashboard is a page: it takes the browser's session cookie (a refresh token of a family).
    const session = newSecret()
    const owner = { staffId: staff.id }
    await insertRefreshToken(db, {
      tokenHash: hashSecret(session),
      familyId: await insertFamily(db, owner),
      owner,
    })
    const pageHeaders = { accept: 'text/html', cookie: `${SESSION_COOKIE}=${session}` }

    try {
      await checkSeed(db, base, headers)
      const medianMs: Record<string, number> = {}
      for (const [name, path] of Object.entries(reportPaths(new Date()))) {
        const times: number[] = []
        for (let i = 0; i < WARMUP + RUNS; i++) {
          const start = performance.now()
          const res = await fetch(base + path, { headers: path.startsWith('/admin') ? pageHeaders : headers })
          await res.text()
          if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
          if (i >= WARMUP) times.push(performance.now() - start)
        }
        medianMs[name] = median(times)
        ctx.log(`  ${name}: ${medianMs[name]!.toFixed(1)} ms`)
      }

      // The members export, once: its time grows with members; its memory should not.
      const rssBefore = process.memoryUsage().rss
      let rssPeak = rssBefore
      const sampler = setInterval(() => {
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss)
      }, 50)
      const start = performance.now()
      const res = await fetch(`${base}/v1/admin/exports/members.csv`, { headers })
      let rows = -1 // the header line
      for await (const chunk of res.body! as unknown as AsyncIterable<Uint8Array>)
        for (const byte of chunk) if (byte === 10) rows++ // LF
      clearInterval(sampler)
      const exportResult = {
        rows,
        seconds: (performance.now() - start) / 1000,
        rssGrowthMb: (rssPeak - rssBefore) / 1024 / 1024,
      }
      ctx.log(
        `  members.csv: ${rows} rows in ${exportResult.seconds.toFixed(1)} s, RSS growth ${exportResult.rssGrowthMb.toFixed(0)} MB`,
      )
      return { members, seedSeconds, historyRows, dailyRows, medianMs, export: exportResult }
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  } finally {
    await database.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** The rollups must agree with the members' own current state (a full scan, outside the timings). */
async function checkSeed(db: Db, base: string, headers: Record<string, string>) {
  const members = await db
    .selectFrom('members')
    .select((eb) => ['currency', eb.fn.countAll<number>().as('patrons'), eb.fn.sum<number>('mrr').as('mrr')])
    .where('status', 'in', ['active', 'past_due'])
    .groupBy('currency')
    .orderBy('currency')
    .execute()
  const summary = (await (await fetch(`${base}/v1/admin/reports/summary`, { headers })).json()) as {
    activePatrons: number
    revenue: { currency: string; mrr: number }[]
  }
  const fromRollups = summary.revenue.map((r: { currency: string; mrr: number }) => [r.currency, r.mrr])
  const fromMembers = members.map((m) => [m.currency, Number(m.mrr)])
  const patrons = members.reduce((n, m) => n + Number(m.patrons), 0)
  if (JSON.stringify(fromRollups) !== JSON.stringify(fromMembers) || summary.activePatrons !== patrons)
    throw new Error(
      `Seed inconsistent: rollups ${JSON.stringify(summary)} vs members ${JSON.stringify(members)}`,
    )
}

export const reportsSuite: Suite = {
  name: 'reports',
  description:
    'report and dashboard latency at 10k and 1M members (ratio target <= 3), members export time and memory',
  async run(ctx) {
    const [small, large] = ctx.sizes ?? [10_000, 1_000_000]
    const a = await measureSize(ctx, small!)
    const b = await measureSize(ctx, large!)
    const ratios: Record<string, number> = {}
    ctx.log('')
    ctx.log(`report                      ${pad(`${a.members}`)}${pad(`${b.members}`)}ratio`)
    for (const name of Object.keys(a.medianMs)) {
      const ratio = b.medianMs[name]! / a.medianMs[name]!
      ratios[name] = Math.round(ratio * 100) / 100
      const verdict = constantCost.has(name) ? (ratio <= TARGET_RATIO ? 'ok' : `OVER ${TARGET_RATIO}`) : ''
      ctx.log(
        `${name.padEnd(28)}${pad(`${a.medianMs[name]!.toFixed(1)} ms`)}${pad(`${b.medianMs[name]!.toFixed(1)} ms`)}${ratio.toFixed(2)} ${verdict}`,
      )
    }
    ctx.log(
      `${'members.csv export'.padEnd(28)}${pad(`${a.export.seconds.toFixed(2)} s`)}${pad(`${b.export.seconds.toFixed(2)} s`)}RSS growth ${a.export.rssGrowthMb.toFixed(0)} / ${b.export.rssGrowthMb.toFixed(0)} MB`,
    )
    return { runs: RUNS, targetRatio: TARGET_RATIO, sizes: [a, b], ratios }
  },
}

const pad = (s: string) => s.padEnd(14)
