/**
 * Child processes for the benchmarks: the service exactly as `npm start` runs it (npm, whose shell
 * exec's `node dist/src/main.js`) and an Express hello-world under the same plain node.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('..', import.meta.url))

/** Fixed for the whole bench: tokens minted here must verify in the service. */
export const BENCH_JWT_SECRET = 'bench-jwt-secret-of-at-least-thirty-two-bytes'
export const BENCH_PUBLIC_URL = 'http://patronage.bench.test'

export interface ChildService {
  url: string
  /** The node process that serves (for `npm start`, npm's child). */
  pid: number
  /** Peak RSS of the npm wrapper, in MB (0 when the child is node itself). */
  wrapperPeakRssMb(): number
  /** Peak resident set size so far (VmHWM of /proc/<pid>/status), in MB. */
  peakRssMb(): number
  /** Current resident set size (VmRSS), in MB. */
  rssMb(): number
  /** What the resident set holds now: anonymous memory (heap, buffers), mapped files (code), shared. */
  rssParts(): { anonMb: number; fileMb: number; shmemMb: number }
  /** CPU time (user + system) the process has used so far, in seconds. */
  cpuSeconds(): number
  /** The same, split: in its own code (user) and in the kernel for it (system: sockets, memory). */
  cpuSplit(): { userS: number; systemS: number }
  stop(): Promise<void>
}

export interface SpawnOptions {
  /** Extra environment for the child (merged over a minimal one). */
  env?: Record<string, string>
  /** Writes a V8 CPU profile of the child into this directory when it exits. */
  cpuProfileDir?: string | undefined
  /** Another checkout of the service to start (bench/before.ts); this one by default. */
  cwd?: string | undefined
}

/**
 * The service as `npm start` starts it: DATABASE_URL etc. come from options.env; LOG_LEVEL=warn by default.
 * With a CPU profile, node is started directly with the start script's own flags plus --cpu-prof (node
 * refuses --cpu-prof in NODE_OPTIONS), so the profiled service runs exactly as `npm start`'s node does.
 */
export async function spawnService(options: SpawnOptions = {}): Promise<ChildService> {
  const env = {
    LOG_LEVEL: 'warn',
    JWT_SECRET: BENCH_JWT_SECRET,
    PUBLIC_URL: BENCH_PUBLIC_URL,
    NODE_ENV: 'production',
    // BENCH_NODE_OPTIONS: node flags for the service only (e.g. a V8 heap setting to compare).
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
    ...options.env,
  }
  if (!options.cpuProfileDir) return spawnChild('npm', ['start', '--silent'], { ...options, env })
  const args = [...npmStartNodeArgs(options.cwd ?? root)]
  args.splice(args.length - 1, 0, '--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`)
  return spawnChild(process.execPath, args, { ...options, env })
}

/** `exec node <flags> scripts/start.mjs` of package.json's start script: the flags and the script. */
function npmStartNodeArgs(cwd: string): string[] {
  const start: string = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')).scripts.start
  const words = start.split(/\s+/).filter((w) => w !== 'exec')
  if (words[0] !== 'node' || !words.at(-1)?.endsWith('.mjs'))
    throw new Error(`npm start is not "node <flags> <script>.mjs": ${start}`)
  return words.slice(1)
}

/** A minimal Express 5 app answering GET / with a small JSON body; `bare`: node:http alone (bench/bare-http.mjs). */
export async function spawnHelloWorld(
  options: SpawnOptions & { bare?: boolean } = {},
): Promise<ChildService> {
  const flags = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []
  const script = options.bare ? 'bench/bare-http.mjs' : 'bench/hello-world.mjs'
  return spawnChild(process.execPath, [...flags, script], {
    ...options,
    env: { NODE_ENV: 'production', ...options.env },
  })
}

/** Another script of this repository under tsx (same node flags as tests), PORT chosen here. */
export function spawnScript(script: string, options: SpawnOptions = {}): Promise<ChildService> {
  const flags = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []
  return spawnChild(process.execPath, [...flags, '--import', 'tsx', script], options)
}

async function spawnChild(command: string, args: string[], options: SpawnOptions): Promise<ChildService> {
  const port = await freePort()
  const child = spawn(command, args, {
    cwd: options.cwd ?? root,
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
    throw new Error(`${[command, ...args].join(' ')} did not start: ${err.message}\n${output}`)
  })
  const wrapper = command === 'npm' ? child.pid! : undefined
  const pid = wrapper ? servingChild(wrapper) : child.pid!
  return {
    url,
    pid,
    wrapperPeakRssMb: () => (wrapper ? statusKb(wrapper, 'VmHWM') / 1024 : 0),
    peakRssMb: () => statusKb(pid, 'VmHWM') / 1024,
    rssMb: () => statusKb(pid, 'VmRSS') / 1024,
    rssParts: () => ({
      anonMb: Math.round(statusKb(pid, 'RssAnon') / 1024),
      fileMb: Math.round(statusKb(pid, 'RssFile') / 1024),
      shmemMb: Math.round(statusKb(pid, 'RssShmem') / 1024),
    }),
    cpuSeconds: () => cpuSecondsOf(pid),
    cpuSplit: () => cpuSplitOf(pid),
    stop: async () => {
      await stopChild(child, exited)
    },
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

/** npm's one child: its shell, which exec'd node. */
function servingChild(npmPid: number): number {
  const children = readFileSync(`/proc/${npmPid}/task/${npmPid}/children`, 'utf8').trim().split(/\s+/)
  if (children.length !== 1 || !children[0]) throw new Error(`npm start has children ${children.join(', ')}`)
  return Number(children[0])
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS' | 'RssAnon' | 'RssFile' | 'RssShmem'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
  if (!match) throw new Error(`${field} not found in /proc/${pid}/status`)
  return Number(match[1])
}

const CLOCK_TICKS_PER_SECOND = 100

export function cpuSecondsOf(pid: number): number {
  const { userS, systemS } = cpuSplitOf(pid)
  return userS + systemS
}

function cpuSplitOf(pid: number): { userS: number; systemS: number } {
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the line.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return {
    userS: Number(fields[11]) / CLOCK_TICKS_PER_SECOND,
    systemS: Number(fields[12]) / CLOCK_TICKS_PER_SECOND,
  }
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
