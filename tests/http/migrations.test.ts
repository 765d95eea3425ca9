import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate, migrationsCurrent } from '../../src/db/migrate.js'
import { createTestDatabase, type TestDatabase } from '../helpers/db.js'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.drop())

async function tables() {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%' order by table_name
  `.execute(database.db)
  return rows.map((r) => r.table_name)
}

describe('migrations', () => {
  it('go down to nothing and up again to the same schema', async () => {
    const { db } = database
    expect(await migrationsCurrent(db)).toBe(true)
    const before = await tables()
    expect(before).toEqual(
      expect.arrayContaining(['members', 'subscriptions', 'votes', 'membership_history']),
    )

    while ((await migrate(db, 'down')).length > 0) {}
    expect(await tables()).toEqual([])
    expect(await migrationsCurrent(db)).toBe(false)

    const applied = await migrate(db, 'latest')
    expect(applied.every((r) => r.status === 'Success')).toBe(true)
    expect(await tables()).toEqual(before)
    expect(await migrationsCurrent(db)).toBe(true)
  })

  it('latest is a no-op when nothing is pending', async () => {
    expect(await migrate(database.db, 'latest')).toEqual([])
  })
})
