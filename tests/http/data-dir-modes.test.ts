import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { request } from '../helpers/app.js'
import { migratedDataDir, runCli, startServiceProcess } from '../helpers/service-process.js'

/**
 * The data folder holds members' emails (the embedded database and its WAL, the mail outbox) and the
 * generated JWT secret: no other user of the host may read or write any of it.
 */

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const envFor = (dataDir: string): NodeJS.ProcessEnv => ({
  ...process.env,
  DATA_DIR: dataDir,
  NODE_ENV: 'development',
  LOG_LEVEL: 'info',
  PUBLIC_URL: 'http://localhost:3000',
})

/** Every folder and file under `dir` with the permission bits others have on it. */
function openToOthers(dir: string): string[] {
  const found: string[] = []
  const walk = (path: string) => {
    const stat = lstatSync(path)
    if (stat.isDirectory() || stat.isFile()) {
      if ((stat.mode & 0o077) !== 0) found.push(`${path} ${(stat.mode & 0o777).toString(8)}`)
    }
    if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name))
  }
  walk(dir)
  return found
}

function loosen(path: string): void {
  const stat = lstatSync(path)
  if (stat.isDirectory()) {
    chmodSync(path, 0o755)
    for (const name of readdirSync(path)) loosen(join(path, name))
  } else if (stat.isFile()) {
    chmodSync(path, 0o666)
  }
}

/** Runs the service on the folder, writes a member and a mail, and stops it. */
async function useService(dataDir: string) {
  const server = await startServiceProcess(envFor(dataDir))
  const res = await request(`http://127.0.0.1:${server.port}`, 'POST', '/v1/auth/magic-link', {
    body: { email: 'reader@example.org' },
  })
  expect(res.status).toBe(202)
  const output = server.output()
  expect(await server.stop()).toBe(0)
  return output
}

const repairLine = /open to other users of this host/g

describe('the data folder is this user’s alone', () => {
  it('creates DATA_DIR, its database and every file in them for the owner only', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'patronage-modes-'))
    dirs.push(parent)
    const dataDir = join(parent, 'data')
    const output = await useService(dataDir)
    expect(lstatSync(dataDir).mode & 0o777).toBe(0o700)
    expect(lstatSync(join(dataDir, 'db')).mode & 0o777).toBe(0o700)
    expect(readdirSync(join(dataDir, 'outbox')).length).toBeGreaterThan(0)
    expect(readdirSync(join(dataDir, 'db')).length).toBeGreaterThan(10)
    expect(openToOthers(dataDir)).toEqual([])
    // A new folder is not "repaired": nothing to say.
    expect(output.match(repairLine)).toBeNull()
  }, 60_000)

  it('repairs an existing folder left open (0755 folders, 0666 files) at start, with one log line', async () => {
    // An installed service's folder (its database already migrated), then opened up by hand.
    const dataDir = migratedDataDir('patronage-modes-')
    dirs.push(dataDir)
    loosen(dataDir)
    expect(openToOthers(dataDir).length).toBeGreaterThan(100)

    const output = await useService(dataDir)
    expect(output.match(repairLine)?.length).toBe(1)
    expect(openToOthers(dataDir)).toEqual([])
  }, 60_000)

  it('keeps it so when the CLI opens the database itself', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'patronage-modes-'))
    dirs.push(dataDir)
    chmodSync(dataDir, 0o777)
    const added = await runCli(envFor(dataDir), ['staff', 'add', 'chief@newsroom.test', '--role', 'admin'])
    expect(added.code).toBe(0)
    expect(openToOthers(dataDir)).toEqual([])
  }, 60_000)
})
