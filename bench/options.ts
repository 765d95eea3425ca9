/** Command-line switches read by the suites (bench/run.ts ignores arguments starting with --). */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { root } from './service.js'

/** --quick: shorter runs (4 s instead of 10) and a 100k-row table instead of 1M for the growth figure. */
export const quick = process.argv.includes('--quick')

/** Seconds of each measured load run (BENCH_SECONDS, default 10, 4 with --quick); warm-ups are a fifth of it. */
export const loadSeconds = Number(process.env.BENCH_SECONDS ?? (quick ? 4 : 10))

/** Seconds of each growth run (votes by connections, by table size, with durable commits). */
export const growthSeconds = Math.max(2, Math.round(loadSeconds / 2))

/** --profile: the profile's reading also lists the self time by package and by function. */
export const profileDetails = process.argv.includes('--profile')

/** Where a suite's profiled pass writes its CPU profile: bench/profiles/<suite>-<time>. */
export function cpuProfileDir(suite: string): string {
  const dir = join(root, 'bench/profiles', `${suite}-${new Date().toISOString().replace(/[:.]/g, '-')}`)
  mkdirSync(dir, { recursive: true })
  return dir
}
