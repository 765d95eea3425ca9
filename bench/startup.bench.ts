/**
 * Start-up: `npm start` to the first 200 on /healthz, with the embedded database and with the real
 * Postgres, each first fresh (every migration runs) and then again on the migrated one (a restart,
 * the usual case); and where an embedded start's time goes, phase by phase.
 */
import { execFileSync, spawn } from 'node:child_process'
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

/** The phases of an embedded start, timed by bench/startup-phases.mjs (run after `npm start` built dist/). */
function startupPhases(dataDir: string): Record<string, number> {
  const out = execFileSync(process.execPath, ['bench/startup-phases.mjs', dataDir], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', JWT_SECRET: BENCH_JWT_SECRET, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  })
  return JSON.parse(out.trim().split('\n').at(-1)!)
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

export const startupSuite: Suite = {
  name: 'startup',
  description: `npm start to the first 200 on /healthz, embedded and real Postgres (median of ${REPETITIONS})`,
  async run({ serverUrl, log }) {
    const runs = {
      embedded: [] as number[],
      embeddedAgain: [] as number[],
      postgres: [] as number[],
      postgresAgain: [] as number[],
    }
    let phases: Record<string, number> | undefined
    for (let i = 0; i < REPETITIONS; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'patronage-bench-start-'))
      try {
        runs.embedded.push(round(await timeStart({ DATA_DIR: dataDir })))
        runs.embeddedAgain.push(round(await timeStart({ DATA_DIR: dataDir })))
        if (i === 0) phases = startupPhases(dataDir)
      } finally {
        rmSync(dataDir, { recursive: true, force: true })
      }
      const database = await createBenchDatabase(serverUrl, `bench_startup_${i}`)
      try {
        runs.postgres.push(round(await timeStart({ DATABASE_URL: database.url })))
        runs.postgresAgain.push(round(await timeStart({ DATABASE_URL: database.url })))
      } finally {
        await database.drop()
      }
    }
    const result = {
      embeddedMs: { median: median(runs.embedded), runs: runs.embedded },
      embeddedAgainMs: { median: median(runs.embeddedAgain), runs: runs.embeddedAgain },
      postgresMs: { median: median(runs.postgres), runs: runs.postgres },
      postgresAgainMs: { median: median(runs.postgresAgain), runs: runs.postgresAgain },
      embeddedPhasesMs: phases,
      note: 'first start: a fresh data directory / database, every migration runs; again: the same one, migrated; LOG_LEVEL=warn',
    }
    log(
      table([
        ['npm start to the first 200 on /healthz', 'median ms', 'runs (ms)'],
        ['embedded (PGlite), fresh DATA_DIR', result.embeddedMs.median, runs.embedded.join(', ')],
        [
          'embedded (PGlite), migrated DATA_DIR (target <= 3000)',
          result.embeddedAgainMs.median,
          runs.embeddedAgain.join(', '),
        ],
        ['Postgres, fresh database', result.postgresMs.median, runs.postgres.join(', ')],
        ['Postgres, migrated database', result.postgresAgainMs.median, runs.postgresAgain.join(', ')],
      ]),
    )
    log(
      `where an embedded start goes (ms, one plain node process, migrated DATA_DIR): ${JSON.stringify(phases)}`,
    )
    return result
  },
}
