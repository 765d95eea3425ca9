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
  return embeddedDatabase()
}

/**
 * PGlite: loading the migrated dump costs about a second of CPU, so each worker keeps the database
 * of its last test file and hands it to the next one restored to the dump's state: the same schema
 * (else it is dropped and the next file loads the dump), every table's rows as migrated.
 */
let restored: Db | undefined
let pristine: Promise<Pristine> | undefined

async function embeddedDatabase(): Promise<TestDatabase> {
  const db =
    restored ?? connectDatabase({ pgliteLoadDataDir: new Blob([readFileSync(inject('pgliteDump'))]) })
  restored = undefined
  pristine ??= snapshot(db)
  const migrated = await pristine
  return {
    db,
    url: undefined,
    async drop() {
      if (await restore(db, migrated)) restored = db
      // Not awaited: a transaction a test left open would hold the connection, and close, forever.
      else void db.destroy().catch(() => {})
    },
  }
}

interface Pristine {
  schema: string
  tables: string[]
  rows: Map<string, string>
}

async function snapshot(db: Db): Promise<Pristine> {
  const tables = (
    await sql<{ name: string }>`
      select tablename as name from pg_tables
      where schemaname = 'public' and tablename not in ('kysely_migration', 'kysely_migration_lock')
      order by 1`.execute(db)
  ).rows.map((r) => r.name)
  // As Postgres writes them (json_agg), to be read back by json_populate_recordset unchanged.
  const rows = new Map<string, string>()
  for (const table of tables) {
    const { rows: found } = await sql<{ json: string | null }>`
      select json_agg(t)::text as json from ${sql.table(table)} t`.execute(db)
    if (found[0]?.json) rows.set(table, found[0].json)
  }
  return { schema: await schemaOf(db), tables, rows }
}

/** Tables, columns, indexes, triggers, functions and schemas: what a test may add or change. */
async function schemaOf(db: Db): Promise<string> {
  const { rows } = await sql<{ schema: string }>`
    select md5(string_agg(item, ',' order by item)) as schema from (
      select c.relkind::text || ' ' || c.relname || ' ' || coalesce((
        select string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ';' order by a.attnum)
        from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '') as item
      from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public'
      union all select 'trigger ' || tgname from pg_trigger where not tgisinternal
      union all select 'function ' || p.proname || ' ' || md5(p.prosrc)
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'
      union all select 'namespace ' || nspname from pg_namespace
    ) items`.execute(db)
  return rows[0]!.schema
}

/**
 * Back to the dump's state, or false when that cannot be trusted: the schema changed, the database
 * was closed, or a transaction left open still holds its only connection.
 */
async function restore(db: Db, pristine: Pristine): Promise<boolean> {
  const work = async () => {
    if ((await schemaOf(db)) !== pristine.schema) return false
    // Session settings, advisory locks, temporary tables; then the setting every session starts with.
    await sql`discard all`.execute(db)
    await sql`set timezone to 'UTC'`.execute(db)
    await db.transaction().execute(async (trx) => {
      await sql`truncate ${sql.join(pristine.tables.map((t) => sql.table(t)))} restart identity cascade`.execute(
        trx,
      )
      for (const [table, rows] of pristine.rows)
        await sql`insert into ${sql.table(table)} overriding system value
          select * from json_populate_recordset(null::${sql.table(table)}, ${rows})`.execute(trx)
    })
    return true
  }
  const stuck = new Promise<false>((resolve) => setTimeout(resolve, 5_000, false).unref())
  return Promise.race([work().catch(() => false), stuck])
}
