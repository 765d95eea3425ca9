import { execFileSync } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { connectDatabase, type Db } from '../src/db/connect.js'

const BIN = '/usr/lib/postgresql/15/bin'

export interface BenchServer {
  /** A postgres:// URL of the server's maintenance database. */
  url: string
  stop(): Promise<void>
}

/** The server of BENCH_DATABASE_URL, or a throwaway Postgres 15 started here and stopped by stop(). */
export async function benchServer(url: string | undefined): Promise<BenchServer> {
  if (url) return { url: withDatabase(url, 'postgres'), stop: async () => {} }

  const dir = mkdtempSync(join(tmpdir(), 'patronage-bench-'))
  const asRoot = process.getuid?.() === 0
  const run = (bin: string, args: string[]) =>
    execFileSync(
      asRoot ? 'runuser' : join(BIN, bin),
      asRoot ? ['-u', 'postgres', '--', join(BIN, bin), ...args] : args,
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    )
  if (asRoot) chownSync(dir, uidOf('postgres'), gidOf('postgres'))
  const data = join(dir, 'data')
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'])
  const port = await freePort()
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-k ${dir}`,
    // A throwaway server: durability off, memory for bulk loads.
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c shared_buffers=512MB',
    '-c max_wal_size=8GB',
    '-c work_mem=64MB',
    '-c maintenance_work_mem=512MB',
  ].join(' ')
  run('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', 'start'])
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    try {
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop }
}

/** A fresh database on the server; drop() removes it. */
export async function createBenchDatabase(serverUrl: string, name: string) {
  const admin = connectDatabase({ url: serverUrl, poolSize: 1 })
  await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin)
  await sql`create database ${sql.id(name)}`.execute(admin)
  const db: Db = connectDatabase({ url: withDatabase(serverUrl, name), poolSize: 10 })
  return {
    db,
    url: withDatabase(serverUrl, name),
    async drop() {
      await db.destroy()
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin)
      await admin.destroy()
    },
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user]).toString().trim())
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user]).toString().trim())
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/**
 * Postgres's default durability (fsync, synchronous_commit and full-page writes on) or the bench's
 * throwaway settings (all off), on a server started by benchServer; takes effect for open sessions.
 */
export async function setDurability(serverUrl: string, durable: boolean): Promise<void> {
  const admin = connectDatabase({ url: serverUrl, poolSize: 1 })
  try {
    const value = durable ? 'on' : 'off'
    for (const setting of ['fsync', 'synchronous_commit', 'full_page_writes'])
      await sql`alter system set ${sql.raw(setting)} = ${sql.raw(value)}`.execute(admin)
    await sql`select pg_reload_conf()`.execute(admin)
  } finally {
    await admin.destroy()
  }
}
