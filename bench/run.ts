/**
 * `npm run bench -- [suite ...] [--sizes=10000,1000000] [--quick] [--profile]`: runs the named benchmark suites (all when
 * none is named) against a throwaway Postgres — BENCH_DATABASE_URL's server when set, otherwise a
 * Postgres 15 started here and stopped at the end — and merges their results into bench/results.json.
 * A new suite is one more entry in `suites`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { benchServer } from './postgres.js'

export interface SuiteContext {
  serverUrl: string
  /** The Postgres was started by this bench (its settings may be changed, e.g. durability). */
  ownServer: boolean
  /** Member counts asked for on the command line, else the suite's own. */
  sizes: number[] | undefined
  log(line: string): void
}

export interface Suite {
  name: string
  description: string
  run(ctx: SuiteContext): Promise<unknown>
}

const suites: Record<string, () => Promise<Suite>> = {
  load: async () => (await import('./load.bench.js')).loadSuite,
  webhooks: async () => (await import('./webhooks.bench.js')).webhooksSuite,
  reports: async () => (await import('./reports.bench.js')).reportsSuite,
  startup: async () => (await import('./startup.bench.js')).startupSuite,
  floor: async () => (await import('./floor.bench.js')).floorSuite,
  'staff-auth': async () => (await import('./staff-auth.bench.js')).staffAuthSuite,
  mail: async () => (await import('./mail.bench.js')).mailSuite,
  pages: async () => (await import('./pages.bench.js')).pagesSuite,
  middleware: async () => (await import('./middleware.bench.js')).middlewareSuite,
  demo: async () => (await import('./demo.bench.js')).demoSuite,
}

const resultsFile = fileURLToPath(new URL('./results.json', import.meta.url))

async function main(argv: string[]) {
  const sizesArg = argv.find((a) => a.startsWith('--sizes='))
  const sizes = sizesArg
    ?.slice('--sizes='.length)
    .split(',')
    .map((s) => Number(s.replaceAll('_', '')))
  if (sizes && (sizes.length !== 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)))
    throw new Error('--sizes takes two member counts, e.g. --sizes=10000,1000000')
  const names = argv.filter((a) => !a.startsWith('--'))
  const unknown = names.filter((n) => !(n in suites))
  if (unknown.length > 0)
    throw new Error(`Unknown suite(s): ${unknown.join(', ')}. Suites: ${Object.keys(suites).join(', ')}`)

  const server = await benchServer(process.env.BENCH_DATABASE_URL)
  const stopOnSignal = () => void server.stop().finally(() => process.exit(130))
  process.once('SIGINT', stopOnSignal)
  process.once('SIGTERM', stopOnSignal)
  try {
    const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {}
    for (const name of names.length > 0 ? names : Object.keys(suites)) {
      const suite = await suites[name]!()
      console.log(`== ${suite.name}: ${suite.description}`)
      const result = await suite.run({
        serverUrl: server.url,
        ownServer: !process.env.BENCH_DATABASE_URL,
        sizes,
        log: (line) => console.log(line),
      })
      results[name] = { at: new Date().toISOString(), ...(result as object) }
      writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
    }
    console.log(`\nresults written to ${resultsFile}`)
  } finally {
    await server.stop()
  }
}

main(process.argv.slice(2)).catch((err) => {
  console.error(err)
  // A suite that failed half-way may still hold its fake Stripe server or a pool open; the bench's own
  // Postgres was stopped above, so nothing is left to wait for.
  process.exit(1)
})
