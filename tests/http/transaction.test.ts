import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runCommand } from '../../src/control/commands.js'
import { inTransaction } from '../../src/db/transaction.js'
import { Problem } from '../../src/http/problems.js'
import { announceOpenedRounds } from '../../src/voting/announcements.service.js'
import { startTestApp, type TestApp } from '../helpers/app.js'
import { createStaff, staffToken } from '../helpers/factories.js'
import { createRound, createTopics } from '../voting/fixtures.js'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

const onServer = Boolean(process.env.TEST_DATABASE_URL)

describe('inTransaction', () => {
  it.skipIf(!onServer)('runs the deadlock victim again, so both transactions commit', async () => {
    const { db } = app
    const [a, b] = [await createStaff(db, 'analyst'), await createStaff(db, 'analyst')]
    let attempts = 0
    let arrived = 0
    let release: () => void = () => {}
    const bothHoldOne = new Promise<void>((resolve) => {
      release = resolve
    })
    const lockBoth = (first: string, second: string) =>
      inTransaction(db, async (trx) => {
        attempts++
        await sql`select id from staff where id = ${first} for update`.execute(trx)
        if (++arrived === 2) release()
        await bothHoldOne
        await sql`select id from staff where id = ${second} for update`.execute(trx)
        return 'done'
      })
    expect(await Promise.all([lockBoth(a.id, b.id), lockBoth(b.id, a.id)])).toEqual(['done', 'done'])
    expect(attempts).toBe(3)
  })

  it('gives up after four attempts with 503 unavailable and Retry-After, never a 500', async () => {
    let attempts = 0
    const failing = inTransaction(app.db, async () => {
      attempts++
      throw Object.assign(new Error('could not serialize access'), { code: '40001' })
    })
    const err = await failing.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Problem)
    expect(err).toMatchObject({ status: 503, slug: 'unavailable', headers: { 'Retry-After': '1' } })
    expect(attempts).toBe(4)
  })

  it('does not retry other errors', async () => {
    let attempts = 0
    const err = await inTransaction(app.db, async () => {
      attempts++
      throw Object.assign(new Error('duplicate'), { code: '23505' })
    }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: '23505' })
    expect(attempts).toBe(1)
  })
})

/**
 * Postgres itself aborts the next `times` writes to `table` with a serialization failure (40001). The
 * count lives in a sequence, which a rolled-back transaction does not undo.
 */
async function failWrites(table: 'rounds' | 'topics' | 'staff', times: number) {
  await sql`create sequence if not exists test_failures`.execute(app.db)
  await sql`select setval('test_failures', 1, false)`.execute(app.db)
  await sql
    .raw(`
    create or replace function test_fail_write() returns trigger language plpgsql as $$
    begin
      if nextval('test_failures') <= ${times} then
        raise exception 'could not serialize access due to concurrent update' using errcode = '40001';
      end if;
      return new;
    end $$`)
    .execute(app.db)
  await sql
    .raw(
      `create trigger test_fail_write before insert or update on ${table} for each row execute function test_fail_write()`,
    )
    .execute(app.db)
  return async () =>
    Number((await sql<{ n: string }>`select last_value as n from test_failures`.execute(app.db)).rows[0]!.n)
}

describe('every service transaction retries what Postgres aborts as a lost race', () => {
  afterEach(async () => {
    for (const table of ['rounds', 'topics', 'staff'])
      await sql.raw(`drop trigger if exists test_fail_write on ${table}`).execute(app.db)
  })

  it('voting: PATCH /v1/admin/rounds/:id and POST .../topics run again and commit once', async () => {
    const editor = staffToken(app.deps, await createStaff(app.db, 'editor'))
    const round = await createRound(app.db)
    const attempts = await failWrites('rounds', 2)
    const patched = await app.api('PATCH', `/v1/admin/rounds/${round.id}`, {
      token: editor,
      body: { title: 'Retried' },
    })
    expect(patched.status).toBe(200)
    expect(patched.body.title).toBe('Retried')
    expect(await attempts()).toBe(3)

    await sql`drop trigger test_fail_write on rounds`.execute(app.db)
    await failWrites('topics', 3)
    const topic = await app.api('POST', `/v1/admin/rounds/${round.id}/topics`, {
      token: editor,
      body: { title: 'Once only' },
    })
    expect(topic.status).toBe(201)
    const titles = await app.db
      .selectFrom('topics')
      .select('title')
      .where('round_id', '=', round.id)
      .execute()
    expect(titles).toEqual([{ title: 'Once only' }])
  })

  it('voting: a write that keeps losing answers 503 unavailable with Retry-After and changes nothing', async () => {
    const editor = staffToken(app.deps, await createStaff(app.db, 'editor'))
    const round = await createRound(app.db)
    const attempts = await failWrites('rounds', 100)
    const res = await app.api('PATCH', `/v1/admin/rounds/${round.id}`, {
      token: editor,
      body: { title: 'Never' },
    })
    expect(res.status).toBe(503)
    expect(res.body).toMatchObject({ type: '/problems/unavailable', code: 'database-busy' })
    expect(res.headers.get('retry-after')).toBe('1')
    expect(await attempts()).toBe(4)
    const row = await app.db
      .selectFrom('rounds')
      .select('title')
      .where('id', '=', round.id)
      .executeTakeFirstOrThrow()
    expect(row.title).not.toBe('Never')
  })

  it('mail: announcing an opened round runs again and marks it once', async () => {
    const round = await createRound(app.db)
    await createTopics(app.db, round.id, 1) // a round is never announced empty
    await failWrites('rounds', 1)
    const announced = await announceOpenedRounds(app.db)
    expect(announced.rounds).toBeGreaterThanOrEqual(1)
    const row = await app.db
      .selectFrom('rounds')
      .select('announced_at')
      .where('id', '=', round.id)
      .executeTakeFirstOrThrow()
    expect(row.announced_at).not.toBeNull()
  })
})

describe('the CLI goes through the staff service', () => {
  const cli = async (...argv: string[]) => {
    const lines: string[] = []
    await runCommand(
      { db: app.db, config: app.config, print: (l) => lines.push(l), progress: () => {} },
      argv,
    )
    return lines
  }

  it('refuses `staff add` that would demote the last admin, with the rule named, and changes nothing', async () => {
    await app.db.deleteFrom('staff').where('role', '=', 'admin').execute()
    const admin = await createStaff(app.db, 'admin')
    const err = await cli('staff', 'add', admin.email, '--role', 'editor').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Problem)
    expect(err).toMatchObject({ status: 409, code: 'last-admin' })
    expect((err as Error).message).toMatch(/last admin cannot be removed or demoted/)
    const row = await app.db
      .selectFrom('staff')
      .select('role')
      .where('id', '=', admin.id)
      .executeTakeFirstOrThrow()
    expect(row.role).toBe('admin')

    // With a second admin, the same command is allowed.
    const other = await createStaff(app.db, 'admin')
    expect(await cli('staff', 'add', admin.email, '--role', 'editor')).toEqual([
      `${admin.email} is editor (id ${admin.id})`,
    ])
    expect(other.role).toBe('admin')
  })

  it('retries `staff add` when Postgres aborts it as a lost race', async () => {
    const attempts = await failWrites('staff', 2)
    const [line] = await cli('staff', 'add', 'retried@newsroom.test', '--role', 'analyst')
    expect(line).toMatch(/^retried@newsroom.test is analyst/)
    expect(await attempts()).toBe(3)
  })
})
