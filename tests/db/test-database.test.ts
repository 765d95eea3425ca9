import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { createTestDatabase } from '../helpers/db.js'
import { createMember } from '../helpers/factories.js'

/** What a test file leaves behind must not reach the next one (tests/helpers/db.ts). */
const onPglite = !process.env.TEST_DATABASE_URL

const settingsOf = async (db: Awaited<ReturnType<typeof createTestDatabase>>['db']) =>
  (await sql<{ currencies: string[] }>`select currencies from support_settings`.execute(db)).rows

describe('each test file’s database starts as migrated', () => {
  it('has none of the rows an earlier file wrote, the migrated ones as they were, and ids from 1', async () => {
    const first = await createTestDatabase()
    const migratedSettings = await settingsOf(first.db)
    const member = await createMember(first.db)
    await sql`update support_settings set currencies = '{EUR,UAH}'`.execute(first.db)
    await sql`insert into membership_history (member_id, at, from_status, to_status)
      values (${member.id}, now(), 'none', 'active')`.execute(first.db)
    await sql`set timezone to 'Europe/Kyiv'`.execute(first.db)
    await first.drop()

    const next = await createTestDatabase()
    try {
      if (onPglite) expect(next.db).toBe(first.db) // restored, not loaded again
      expect(await next.db.selectFrom('members').select('id').execute()).toEqual([])
      expect(await settingsOf(next.db)).toEqual(migratedSettings)
      const timezone = await sql<{ TimeZone: string }>`show timezone`.execute(next.db)
      expect(timezone.rows[0]?.TimeZone).toBe('UTC')
      const again = await createMember(next.db)
      const { rows } = await sql<{ id: number }>`
        insert into membership_history (member_id, at, from_status, to_status)
        values (${again.id}, now(), 'none', 'active') returning id`.execute(next.db)
      expect(rows[0]?.id).toBe(1)
    } finally {
      await next.drop()
    }
  })

  it('is loaded anew after a file changed the schema', async () => {
    const first = await createTestDatabase()
    await sql`create function test_noop() returns trigger language plpgsql as $$ begin return new; end $$`.execute(
      first.db,
    )
    await sql`create trigger test_noop before insert on members for each row execute function test_noop()`.execute(
      first.db,
    )
    await first.drop()

    const next = await createTestDatabase()
    try {
      expect(next.db).not.toBe(first.db)
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_trigger where tgname = 'test_noop'`.execute(next.db)
      expect(rows[0]?.n).toBe(0)
    } finally {
      await next.drop()
    }
  })
})
