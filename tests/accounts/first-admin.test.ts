import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstAdminHint } from '../../src/accounts/first-admin.js'
import { addStaff } from '../../src/accounts/staff.repository.js'
import { createTestDatabase, type TestDatabase } from '../helpers/db.js'

let database: TestDatabase
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(() => database.drop())

describe('the first-admin hint', () => {
  it('says how to create the first admin, also in a container, until a staff account exists', async () => {
    const hint = await firstAdminHint(database.db)
    expect(hint).toContain('npm run cli -- staff add you@newsroom.org --role admin')
    expect(hint).toContain('docker exec <container> patronage staff add you@newsroom.org --role admin')
    expect(hint).not.toContain('|')

    await addStaff(database.db, 'first@newsroom.test', 'admin')
    expect(await firstAdminHint(database.db)).toBeUndefined()
  })
})
