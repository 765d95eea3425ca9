import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { outboxDir } from '../../src/accounts/mail.js'
import { connectDatabase, embeddedDir } from '../../src/db/connect.js'
import { acquireDataDirLock, DataDirInUse, lockFile } from '../../src/db/data-dir-lock.js'
import { decodeJwt } from '../accounts/helpers.js'
import { request } from '../helpers/app.js'
import { readOutbox } from '../helpers/outbox.js'
import {
  exitOf,
  failedStart,
  hasStackTrace,
  runCli,
  type ServiceProcess,
  startServiceProcess,
} from '../helpers/service-process.js'

const dirs: string[] = []
const newDataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'patronage-lock-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A pid that is certainly not running: a child that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!

describe('the data folder lock', () => {
  it('names the live process that holds it', () => {
    const dir = newDataDir()
    writeFileSync(lockFile(dir), JSON.stringify({ pid: process.ppid }))
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirInUse)
    expect(() => acquireDataDirLock(dir)).toThrow(`in use by process ${process.ppid}`)
  })

  it('takes over a lock whose process is gone, and gives it back', () => {
    const dir = newDataDir()
    writeFileSync(lockFile(dir), JSON.stringify({ pid: deadPid() }))
    const lock = acquireDataDirLock(dir)
    expect(JSON.parse(readFileSync(lockFile(dir), 'utf8')).pid).toBe(process.pid)
    lock.release()
    expect(existsSync(lockFile(dir))).toBe(false)
  })

  it('takes over a lock naming its own pid (a container restarted as pid 1) and a half-written one', () => {
    const dir = newDataDir()
    writeFileSync(lockFile(dir), JSON.stringify({ pid: process.pid }))
    acquireDataDirLock(dir).release()
    writeFileSync(lockFile(dir), '{"pi')
    acquireDataDirLock(dir).release()
  })

  it('does not mistake a reused pid for the holder: its start time differs', () => {
    const dir = newDataDir()
    writeFileSync(lockFile(dir), JSON.stringify({ pid: process.ppid, startTime: '1' }))
    acquireDataDirLock(dir).release()
  })
})

// The embedded database only: with DATABASE_URL several processes share Postgres by design.
describe.skipIf(process.env.TEST_DATABASE_URL)('one process per embedded database', () => {
  const dataDir = newDataDir()
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
  }
  delete env.DATABASE_URL
  let server: ServiceProcess

  it('a second server on the same folder stops at once, naming the first one', async () => {
    const starting = startServiceProcess(env)
    // A command sent while the server is still opening its database waits for it.
    while (!existsSync(lockFile(dataDir))) await new Promise((resolve) => setTimeout(resolve, 50))
    const early = await runCli(env, ['staff', 'add', 'early@newsroom.test', '--role', 'analyst'])
    expect(early).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('early@newsroom.test is analyst'),
    })
    server = await starting
    const second = await failedStart(env)
    expect(second.code).toBe(1)
    expect(second.output).toContain(`in use by process ${server.child.pid}`)
    expect(hasStackTrace(second.output)).toBe(false)
    expect((await request(`http://127.0.0.1:${server.port}`, 'GET', '/readyz')).status).toBe(200)
  }, 120_000)

  it('the CLI works through the running server, which then signs that email in with that role', async () => {
    const added = await runCli(env, ['staff', 'add', 'Chief@Newsroom.test', '--role', 'editor'])
    expect(added).toMatchObject({ code: 0, stdout: expect.stringContaining('chief@newsroom.test is editor') })

    const base = `http://127.0.0.1:${server.port}`
    expect(
      (await request(base, 'POST', '/v1/auth/magic-link', { body: { email: 'chief@newsroom.test' } })).status,
    ).toBe(202)
    const token = await mailedToken(dataDir, 'chief@newsroom.test')
    const signedIn = await request(base, 'POST', '/v1/auth/token', { body: { token } })
    expect(signedIn.status).toBe(200)
    expect(decodeJwt(signedIn.body.accessToken).payload.role).toBe('editor')

    const wrong = await runCli(env, ['staff', 'add', 'x@newsroom.test', '--role', 'owner'])
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain('--role must be admin, editor or analyst')
    const down = await runCli(env, ['migrate', 'down'])
    expect(down.code).toBe(1)
    expect(down.stderr).toContain(`process ${server.child.pid}`)
  }, 120_000)

  it('after a restart the change is still there, and the folder is free again', async () => {
    expect(await server.stop()).toBe(0)
    expect(existsSync(lockFile(dataDir))).toBe(false)
    server = await startServiceProcess(env)
    const base = `http://127.0.0.1:${server.port}`
    await request(base, 'POST', '/v1/auth/magic-link', { body: { email: 'chief@newsroom.test' } })
    const token = await mailedToken(dataDir, 'chief@newsroom.test', 2)
    const signedIn = await request(base, 'POST', '/v1/auth/token', { body: { token } })
    expect(decodeJwt(signedIn.body.accessToken).payload.role).toBe('editor')
    expect(await server.stop()).toBe(0)

    // Killed outright, the server leaves a stale lock: the CLI takes the folder over and sees the data.
    server = await startServiceProcess(env)
    const exited = exitOf(server.child)
    server.child.kill('SIGKILL')
    await exited
    expect(existsSync(lockFile(dataDir))).toBe(true)
    const again = await runCli(env, ['staff', 'add', 'chief@newsroom.test', '--role', 'editor'])
    expect(again.code).toBe(0)
    const db = connectDatabase({ pgliteDir: embeddedDir(dataDir) })
    const rows = await db.selectFrom('staff').select(['email', 'role']).execute()
    await db.destroy()
    expect(rows.sort((a, b) => a.email.localeCompare(b.email))).toEqual([
      { email: 'chief@newsroom.test', role: 'editor' },
      { email: 'early@newsroom.test', role: 'analyst' },
    ])
  }, 180_000)
})

/** The token of the `nth` sign-in mail to `email` (mail may be sent a moment after the answer). */
async function mailedToken(dataDir: string, email: string, nth = 1): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const links = readOutbox({ config: { dataDir } } as never)
      .filter((m) => m.to.toLowerCase().includes(email))
      .map((m) => /\/login\?token=([\w-]+)/.exec(m.text)?.[1])
      .filter(Boolean)
    if (links.length >= nth) return links[nth - 1]!
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`no sign-in mail to ${email} in ${outboxDir(dataDir)}`)
}
