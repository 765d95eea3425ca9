/** Command-line switches read by the suites (bench/run.ts ignores arguments starting with --). */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { root } from './service.js'

/** Seconds of each measured load run (BENCH_SECONDS, default 10); warm-ups are a fifth of it. */
export const loadSeconds = Number(process.env.BENCH_SECONDS ?? 10)

/** With --profile, the service child runs with --cpu-prof; the profile lands in bench/profiles/<suite>. */
export function cpuProfileDir(suite: string): string | undefined {
  if (!process.argv.includes('--profile')) return undefined
  const dir = join(root, 'bench/profiles', `${suite}-${new Date().toISOString().replace(/[:.]/g, '-')}`)
  mkdirSync(dir, { recursive: true })
  return dir
}
