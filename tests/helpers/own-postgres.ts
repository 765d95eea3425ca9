import { execFile } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const BIN = '/usr/lib/postgresql/15/bin'
const exec = promisify(execFile)

/**
 * A throwaway Postgres 15 server of a test's own (own folder, own port), for what must never be done
 * to the shared one: restarting it. Runs as the postgres user when the tests run as root.
 */
export interface OwnPostgres {
  url: string
  restart(): Promise<void>
  stop(): Promise<void>
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'patronage-pg-'))
  const asRoot = process.getuid?.() === 0
  const pg = (bin: string, args: string[]) =>
    exec(
      asRoot ? 'runuser' : join(BIN, bin),
      asRoot ? ['-u', 'postgres', '--', join(BIN, bin), ...args] : args,
    )
  if (asRoot) {
    const { stdout } = await exec('id', ['-u', 'postgres'])
    const { stdout: gid } = await exec('id', ['-g', 'postgres'])
    chownSync(dir, Number(stdout), Number(gid))
  }
  const data = join(dir, 'data')
  await pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'])
  const ctl = (...args: string[]) => pg('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), ...args])
  // Postgres cannot listen on port 0 and report the port it got: a port that was free a moment ago
  // may be taken by another test file before Postgres binds it, so a start that fails tries another.
  let options = ''
  let port = 0
  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=60`
    try {
      await ctl('-o', options, '-w', 'start')
      break
    } catch (err) {
      if (attempt >= 5) throw err
    }
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: async () => {
      await ctl('-o', options, '-m', 'fast', '-w', 'restart')
    },
    stop: async () => {
      try {
        await ctl('-m', 'fast', '-w', 'stop')
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}
