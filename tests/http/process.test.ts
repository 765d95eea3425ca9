import { rmSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { migratedDataDir, runCli, startServiceProcess } from '../helpers/service-process.js'

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

async function addStaff(email: string) {
  const { code, stdout, stderr } = await runCli(env, ['staff', 'add', email, '--role', 'editor'])
  expect(code, stderr).toBe(0)
  return stdout.match(/\(id ([0-9a-f-]{36})\)/)?.[1]
}

describe('the service as a process', () => {
  it('boots with no configuration, answers /healthz, and exits 0 on SIGTERM', async () => {
    const { port, stop } = await startServiceProcess(env)
    const health = await fetch(`http://127.0.0.1:${port}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok' })
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200)

    expect(await stop()).toBe(0)
  }, 120_000) // a process opening an embedded database on disk; slow on a loaded machine

  it('keeps its data across restarts of the same DATA_DIR', async () => {
    const id = await addStaff('keeper@example.test')
    expect(id).toMatch(/^[0-9a-f-]{36}$/)

    const { stop } = await startServiceProcess(env)
    expect(await stop()).toBe(0)

    expect(await addStaff('keeper@example.test')).toBe(id)
  }, 180_000)
})
