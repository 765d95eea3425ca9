import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import { inject } from 'vitest'
import { connectDatabase, type Db } from '../../src/db/connect.js'
import { adminUrl, preparedStatements, withDatabase } from './postgres.js'

export interface TestDatabase {
  db: Db
  /** The postgres:// URL of this file's database, or undefined on PGlite. */
  url: string | undefined
  drop(): Promise<void>
}

/**
 * A fresh, migrated database of this test file's own: a clone of the template on Postgres
 * (TEST_DATABASE_URL), or an in-memory PGlite loaded from the migrated dump.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL
  if (serverUrl) {
    const name = `t${process.ppid}_${randomBytes(6).toString('hex')}`
    const admin = connectDatabase({ url: adminUrl(serverUrl), poolSize: 1 })
    await sql`create database ${sql.id(name)} template ${sql.id(inject('templateDatabase'))}`.execute(admin)
    const url = withDatabase(serverUrl, name)
    const db = connectDatabase({ url, preparedStatements })
    return {
      db,
      url,
      async drop() {
        await db.destroy()
        // pg.Pool#end resolves before its sockets close; dropping with (force) at once would kill
        // them mid-close and surface as uncaught 57P01 errors, so wait (briefly) for them to go.
        for (let i = 0; i < 50; i++) {
          const { rows } = await sql<{ n: number }>`
            select count(*)::int as n from pg_stat_activity where datname = ${name}`.execute(admin)
          if (rows[0]!.n === 0) break
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin)
        await admin.destroy()
      },
    }
  }
  const dump = new Blob([readFileSync(inject('pgliteDump'))])
  const db = connectDatabase({ pgliteLoadDataDir: dump })
  return { db, url: undefined, drop: () => db.destroy() }
}
