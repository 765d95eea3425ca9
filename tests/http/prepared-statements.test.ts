import { sql } from 'kysely'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { connectDatabase } from '../../src/db/connect.js'
import { preparingStatements } from '../../src/db/prepared-statements.js'
import { adminUrl } from '../helpers/postgres.js'

const serverUrl = process.env.TEST_DATABASE_URL

/** Named statements exist only on the pg driver path (PGlite runs in-process). */
describe.skipIf(!serverUrl)('named prepared statements (pg driver)', () => {
  let pool: pg.Pool | undefined
  afterEach(async () => {
    await pool?.end()
    pool = undefined
  })

  /** One connection, so every query below sees the same session's prepared statements. */
  const onePool = (maxStatements?: number) => {
    pool = preparingStatements(new pg.Pool({ connectionString: adminUrl(serverUrl!), max: 1 }), maxStatements)
    return pool
  }
  const prepared = async (p: pg.Pool) =>
    (
      await p.query<{ statement: string }>('select statement from pg_prepared_statements order by statement')
    ).rows.map((r) => r.statement)

  it('prepares a repeated parameterised text once per connection and answers each call', async () => {
    const p = onePool()
    const text = 'select $1::int + 1 as n'
    for (const n of [1, 2, 3]) expect((await p.query(text, [n])).rows).toEqual([{ n: n + 1 }])
    expect(await prepared(p)).toEqual([text])
  })

  it('runs texts past the cap unnamed, and parameterless multi-statement texts by the simple protocol', async () => {
    const p = onePool(2)
    const texts = ['select $1::int as a', 'select $1::int as b', 'select $1::int as c']
    for (const text of texts) expect((await p.query(text, [7])).rows[0]).toEqual(expect.objectContaining({}))
    expect((await p.query(texts[2]!, [8])).rows).toEqual([{ c: 8 }])
    expect(await prepared(p)).toEqual(texts.slice(0, 2))
    const results = (await p.query('select 1 as x; select 2 as y', [])) as unknown as pg.QueryResult[]
    expect(results.map((r) => r.rows[0])).toEqual([{ x: 1 }, { y: 2 }])
  })

  it('is what connectDatabase gives Kysely on a server', async () => {
    const db = connectDatabase({ url: adminUrl(serverUrl!), poolSize: 1 })
    try {
      for (const n of [1, 2])
        expect((await sql<{ n: number }>`select ${n}::int as n`.execute(db)).rows).toEqual([{ n }])
      const { rows } = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(
        db,
      )
      expect(rows).toEqual([{ statement: 'select $1::int as n' }])
    } finally {
      await db.destroy()
    }
  })
})

describe.skipIf(!serverUrl)('behind a transaction-mode pooler (DATABASE_PREPARED_STATEMENTS=false)', () => {
  it('names no statement, so any server connection can run any query', async () => {
    const db = connectDatabase({ url: adminUrl(serverUrl!), poolSize: 1, preparedStatements: false })
    try {
      for (const n of [1, 2])
        expect((await sql<{ n: number }>`select ${n}::int as n`.execute(db)).rows).toEqual([{ n }])
      const { rows } = await sql<{
        count: number
      }>`select count(*)::int as count from pg_prepared_statements`.execute(db)
      expect(rows).toEqual([{ count: 0 }])
      // The session runs in UTC without a startup parameter (which PgBouncer before 1.20 refuses).
      expect((await sql<{ tz: string }>`select current_setting('timezone') as tz`.execute(db)).rows).toEqual([
        { tz: 'UTC' },
      ])
    } finally {
      await db.destroy()
    }
  })
})
