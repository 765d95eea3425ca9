import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const dataDir = mkdtempSync(join(tmpdir(), 'patronage-npm-start-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** The pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`
  return readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** The port of the setup link a fresh installation logs once it listens. */
async function loggedPort(output: () => string, deadline: number): Promise<number | undefined> {
  while (Date.now() < deadline) {
    const match = /open http:\/\/[^/\s]+:(\d+)\/setup\?token=/.exec(output())
    if (match) return Number(match[1])
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return undefined
}

async function healthy(url: string, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1_000) })).status === 200) return true
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}

describe('npm start', () => {
  // The first `npm start` of a clean clone compiles everything first (CI builds beforehand).
  it('runs the compiled server under plain node, and SIGTERM to npm stops it and frees the port', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      // The system picks the port as the server listens; the setup link it logs names it.
      PORT: '0',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
    }
    delete env.DATABASE_URL
    delete env.NODE_OPTIONS
    // Its own process group, so that a failure below can stop npm and the server it started together.
    const npm = spawn('npm', ['start', '--silent'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    let output = ''
    npm.stdout!.on('data', (c: Buffer) => (output += c))
    npm.stderr!.on('data', (c: Buffer) => (output += c))
    const exited = new Promise<number | null>((resolve) => npm.once('exit', resolve))
    try {
      await startedAndStopped(npm, () => output, exited)
    } finally {
      // A failed expectation must not leave the server running after the suite.
      if (npm.exitCode === null) process.kill(-npm.pid!, 'SIGKILL')
    }
  }, 180_000)
})

async function startedAndStopped(
  npm: ChildProcess,
  output: () => string,
  exited: Promise<number | null>,
): Promise<void> {
  const port = await loggedPort(output, Date.now() + 150_000)
  expect(port, output()).toBeDefined()
  expect(await healthy(`http://127.0.0.1:${port}/healthz`, Date.now() + 10_000), output()).toBe(true)
  // npm's only child is the server itself: the shell exec'd node, nothing sits between them.
  const [server, ...others] = childrenOf(npm.pid!)
  expect(others).toEqual([])
  const argv = readFileSync(`/proc/${server}/cmdline`, 'utf8').split('\0').filter(Boolean)
  // One node process runs the staleness check and then the compiled service (scripts/start.mjs).
  expect(argv.slice(1)).toEqual(['--max-semi-space-size=4', 'scripts/start.mjs'])
  // A fresh installation says how to create the first admin (a warning, so LOG_LEVEL=warn shows it).
  expect(output()).toContain('patronage staff add you@example.org --role admin')
  expect(output()).toMatch(/open http:\/\/\S+\/setup\?token=/)

  npm.kill('SIGTERM')
  expect(await exited).toBe(0)
  expect(alive(server!)).toBe(false)
  await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow()
}
