/**
 * Start-up: `npm start` to the first 200 on /healthz, with the embedded database and with the real
 * Postgres, each first fresh (every migration runs) and then again on the migrated one (a restart,
 * the usual case); and where an embedded start's time goes, phase by phase.
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { round, table } from './measure.js'
import { createBenchDatabase } from './postgres.js'
import type { Suite } from './run.js'
import { BENCH_JWT_SECRET, freePort, root, waitForOk } from './service.js'

const REPETITIONS = 3

interface Start {
  ms: number
  /** The service's own phases (the `startupMs` of its "listening" line, src/startup.ts). */
  phases: Record<string, number> | undefined
}

/** Milliseconds from spawning `npm start` to the first 200 on /healthz; then stops the whole group. */
async function timeStart(env: Record<string, string>): Promise<Start> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'info',
      JWT_SECRET: BENCH_JWT_SECRET,
      ...env,
      PORT: String(port),
    },
  })
  let stderr = ''
  child.stderr!.on('data', (c: Buffer) => {
    stderr = (stderr + c.toString()).slice(-4_000)
  })
  let stdout = ''
  child.stdout!.on('data', (c: Buffer) => {
    stdout += c.toString()
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  try {
    await waitForOk(`http://127.0.0.1:${port}/healthz`, 60_000, exited)
    const ms = round(performance.now() - started)
    // The line comes once the background work (mail sender, control socket) has started too.
    for (let i = 0; i < 100 && !stdout.includes('"startupMs"'); i++)
      await new Promise((r) => setTimeout(r, 50))
    const line = stdout.split('\n').find((l) => l.includes('"startupMs"'))
    return { ms, phases: line ? JSON.parse(line).startupMs : undefined }
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
    const kinds = {
      embedded: 'embedded (PGlite), fresh DATA_DIR',
      embeddedAgain: 'embedded (PGlite), migrated DATA_DIR (target <= 3000)',
      postgres: 'Postgres, fresh database',
      postgresAgain: 'Postgres, migrated database',
    }
    const starts: Record<keyof typeof kinds, Start[]> = {
      embedded: [],
      embeddedAgain: [],
      postgres: [],
      postgresAgain: [],
    }
    let phases: Record<string, number> | undefined
    for (let i = 0; i < REPETITIONS; i++) {
      const dataDir = mkdtempSync(join(tmpdir(), 'patronage-bench-start-'))
      try {
        starts.embedded.push(await timeStart({ DATA_DIR: dataDir }))
        starts.embeddedAgain.push(await timeStart({ DATA_DIR: dataDir }))
        if (i === 0) phases = startupPhases(dataDir)
      } finally {
        rmSync(dataDir, { recursive: true, force: true })
      }
      const database = await createBenchDatabase(serverUrl, `bench_startup_${i}`)
      try {
        starts.postgres.push(await timeStart({ DATABASE_URL: database.url }))
        starts.postgresAgain.push(await timeStart({ DATABASE_URL: database.url }))
      } finally {
        await database.drop()
      }
    }
    const summary = (list: Start[]) => ({
      median: median(list.map((s) => s.ms)),
      runs: list.map((s) => s.ms),
      servicePhasesMs: list.map((s) => s.phases),
    })
    const result = {
      embeddedMs: summary(starts.embedded),
      embeddedAgainMs: summary(starts.embeddedAgain),
      postgresMs: summary(starts.postgres),
      postgresAgainMs: summary(starts.postgresAgain),
      embeddedPhasesMs: phases,
      loadAverage: loadavg()[0],
      note: 'first start: a fresh data directory / database, every migration runs; again: the same one, migrated',
    }
    log(
      `load average at the end: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    )
    log(
      table([
        ['npm start to the first 200 on /healthz', 'median ms', 'runs (ms)'],
        ...Object.entries(kinds).map(([kind, label]) => {
          const list = starts[kind as keyof typeof kinds]
          return [label, median(list.map((s) => s.ms)), list.map((s) => s.ms).join(', ')]
        }),
      ]),
    )
    const phaseNames = [...new Set(starts.embeddedAgain.flatMap((s) => Object.keys(s.phases ?? {})))]
    log(
      'the service\'s own phases of each restart (ms; "process" = node and the modules loaded before startService):',
    )
    log(
      table([
        ['restart', ...phaseNames],
        ...(['embeddedAgain', 'postgresAgain'] as const).flatMap((kind) =>
          starts[kind].map((s, i) => [`${kind} ${i + 1}`, ...phaseNames.map((n) => s.phases?.[n] ?? '')]),
        ),
      ]),
    )
    log(
      `where an embedded start goes (ms, one plain node process, migrated DATA_DIR): ${JSON.stringify(phases)}`,
    )
    return result
  },
}
