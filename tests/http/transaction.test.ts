import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTransaction } from '../../src/db/transaction.js'
import { Problem } from '../../src/http/problems.js'
import { createTestDatabase, type TestDatabase } from '../helpers/db.js'
import { createStaff } from '../helpers/factories.js'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.drop())

const onServer = Boolean(process.env.TEST_DATABASE_URL)

describe('inTransaction', () => {
  it.skipIf(!onServer)('runs the deadlock victim again, so both transactions commit', async () => {
    const { db } = database
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
    const failing = inTransaction(database.db, async () => {
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
    const err = await inTransaction(database.db, async () => {
      attempts++
      throw Object.assign(new Error('duplicate'), { code: '23505' })
    }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: '23505' })
    expect(attempts).toBe(1)
  })
})
