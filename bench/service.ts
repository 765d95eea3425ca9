/**
 * Child processes for the benchmarks: the service exactly as in production (`node --import tsx
 * src/main.ts`) and an Express hello-world started with the same node flags, so both are measured alike.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('..', import.meta.url))

/** Fixed for the whole bench: tokens minted here must verify in the service. */
export const BENCH_JWT_SECRET = 'bench-jwt-secret-of-at-least-thirty-two-bytes'
export const BENCH_PUBLIC_URL = 'http://patronage.bench.test'

export interface ChildService {
  url: string
  pid: number
  /** Peak resident set size so far (VmHWM of /proc/<pid>/status), in MB. */
  peakRssMb(): number
  /** Current resident set size (VmRSS), in MB. */
  rssMb(): number
  /** CPU time (user + system) the process has used so far, in seconds. */
  cpuSeconds(): number
  stop(): Promise<void>
}

export interface SpawnOptions {
  /** Extra environment for the child (merged over a minimal one). */
  env?: Record<string, string>
  /** Writes a V8 CPU profile of the child into this directory when it exits. */
  cpuProfileDir?: string | undefined
}

/**
 * With --built, both children run as the Docker image runs the service: compiled JavaScript
 * (`npm run build`, done here once) under plain node, without tsx.
 */
export const built = process.argv.includes('--built')
let buildDone = false

function ensureBuilt() {
  if (!built || buildDone) return
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' })
  buildDone = true
}

/** The service: DATABASE_URL etc. come from options.env; PORT is chosen here; LOG_LEVEL=warn by default. */
export async function spawnService(options: SpawnOptions = {}): Promise<ChildService> {
  ensureBuilt()
  return spawnNode(built ? 'dist/src/main.js' : 'src/main.ts', {
    ...options,
    env: {
      LOG_LEVEL: 'warn',
      JWT_SECRET: BENCH_JWT_SECRET,
      PUBLIC_URL: BENCH_PUBLIC_URL,
      NODE_ENV: 'production',
      ...options.env,
    },
  })
}

/** A minimal Express 5 app answering GET / with a small JSON body. */
export async function spawnHelloWorld(options: SpawnOptions = {}): Promise<ChildService> {
  return spawnNode('bench/hello-world.mjs', { ...options, env: { NODE_ENV: 'production', ...options.env } })
}

/** Another script of this repository, run like the service (same node flags, PORT chosen here). */
export function spawnScript(script: string, options: SpawnOptions = {}): Promise<ChildService> {
  return spawnNode(script, options)
}

async function spawnNode(script: string, options: SpawnOptions): Promise<ChildService> {
  const port = await freePort()
  const flags = built && !script.endsWith('.ts') ? [] : ['--import', 'tsx']
  if (options.cpuProfileDir) flags.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`)
  const child = spawn(process.execPath, [...flags, script], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  await waitForOk(`${url}/healthz`, 60_000, exited).catch((err) => {
    child.kill('SIGKILL')
    throw new Error(`${script} did not start: ${err.message}\n${output}`)
  })
  const pid = child.pid!
  return {
    url,
    pid,
    peakRssMb: () => statusKb(pid, 'VmHWM') / 1024,
    rssMb: () => statusKb(pid, 'VmRSS') / 1024,
    cpuSeconds: () => cpuSecondsOf(pid),
    stop: () => stopChild(child, exited),
  }
}

/** Polls until the URL answers 200; `startedAt` lets callers time it. Rejects if the process exits. */
export async function waitForOk(url: string, timeoutMs: number, exited?: Promise<unknown>): Promise<void> {
  let gone = false
  void exited?.then(() => {
    gone = true
  })
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (gone) throw new Error('the process exited')
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) })
      await res.arrayBuffer()
      if (res.status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`no 200 from ${url} within ${timeoutMs} ms`)
}

/** SIGTERM (the service drains and exits, writing its CPU profile), SIGKILL after 15 s. */
export async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
  if (!match) throw new Error(`${field} not found in /proc/${pid}/status`)
  return Number(match[1])
}

const CLOCK_TICKS_PER_SECOND = 100

export function cpuSecondsOf(pid: number): number {
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the line.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}
