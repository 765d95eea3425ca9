/**
 * Start-up: `npm start` to the first 200 on /healthz, with the embedded database (a fresh DATA_DIR)
 * and with the real Postgres (a fresh database); both include running every migration.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { round, table } from './measure.js'
import { createBenchDatabase } from './postgres.js'
import type { Suite } from './run.js'
import { BENCH_JWT_SECRET, freePort, root, waitForOk } from './service.js'

const REPETITIONS = 3

/** Milliseconds from spawning `npm start` to the first 200 on /healthz; then stops the whole group. */
async function timeStart(env: Record<string, string>): Promise<number> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'warn',
      JWT_SECRET: BENCH_JWT_SECRET,
      ...env,
      PORT: String(port),
    },
  })
  let stderr = ''
  child.stderr!.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4_000)
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  try {
    await waitForOk(`http://127.0.0.1:${port}/healthz`, 60_000, exited)
    return performance.now() - started
  } catch (err) {
    throw new Error(`npm start: ${(err as Error).message}\n${stderr}`)
  } finally {
    // npm and the node its shell exec'd form one process group.
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {
      // already gone
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {}
    }, 15_000)
    await exited
    clearTimeout(timer)
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

export const startupSuite: Suite = {
  name: 'startup',
  description: `npm start to the first 200 on /healthz, embedded and real Postgres (median of ${REPETITIONS})`,
  async run({ serverUrl, log }) {
    const embedded: number[] = []
    const postgres: number[] = []
    for (let i = 0; i < REPETITIONS; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'patronage-bench-start-'))
      try {
        embedded.push(round(await timeStart({ DATA_DIR: dataDir })))
      } finally {
        rmSync(dataDir, { recursive: true, force: true })
      }
      const database = await createBenchDatabase(serverUrl, `bench_startup_${i}`)
      try {
        postgres.push(round(await timeStart({ DATABASE_URL: database.url })))
      } finally {
        await database.drop()
      }
    }
    const result = {
      embeddedMs: { median: median(embedded), runs: embedded },
      postgresMs: { median: median(postgres), runs: postgres },
      note: 'fresh data directory / fresh database each time, so every migration runs; LOG_LEVEL=warn',
    }
    log(
      table([
        ['database', 'median ms', 'runs (ms)'],
        ['embedded (PGlite, fresh DATA_DIR)', result.embeddedMs.median, embedded.join(', ')],
        ['Postgres (fresh database)', result.postgresMs.median, postgres.join(', ')],
      ]),
    )
    return result
  },
}
