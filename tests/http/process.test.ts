import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { migratedDataDir } from '../helpers/service-process.js'

const run = promisify(execFile)
const dataDir = migratedDataDir('patronage-process-')
const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATA_DIR: dataDir,
  PORT: '0',
  LOG_LEVEL: 'info',
  NODE_ENV: 'development',
}
delete env.DATABASE_URL

afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** Starts `src/main.ts` as `npm start` does and resolves with its port once it logs it. */
function startService(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = output.match(/listening on http:\/\/localhost:(\d+)/)
      if (match) resolve({ child, port: Number(match[1]) })
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`exited ${code} before listening:\n${output}`)))
  })
}

const exitCode = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', resolve))

async function addStaff(email: string) {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'staff', 'add', email, '--role', 'editor'],
    {
      env,
    },
  )
  return stdout.match(/\(id ([0-9a-f-]{36})\)/)?.[1]
}

describe('the service as a process', () => {
  it('boots with no configuration, answers /healthz, and exits 0 on SIGTERM', async () => {
    const { child, port } = await startService()
    const health = await fetch(`http://127.0.0.1:${port}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200)

    const exited = exitCode(child)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  }, 120_000) // a process opening an embedded database on disk; slow on a loaded machine

  it('keeps its data across restarts of the same DATA_DIR', async () => {
    const id = await addStaff('keeper@example.test')
    expect(id).toMatch(/^[0-9a-f-]{36}$/)

    const { child } = await startService()
    const exited = exitCode(child)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)

    expect(await addStaff('keeper@example.test')).toBe(id)
  }, 180_000)
})
