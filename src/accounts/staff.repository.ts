import type { Db } from '../db/connect.js'
import type { StaffRole } from '../db/schema.js'
import { id } from '../http/schemas.js'

const columns = ['id', 'email', 'role', 'created_at'] as const

/** Creates the staff account or changes its role; idempotent. */
export function addStaff(db: Db, email: string, role: StaffRole) {
  return db
    .insertInto('staff')
    .values({ email, role })
    .onConflict((oc) => oc.column('email').doUpdateSet({ role }))
    .returning(columns)
    .executeTakeFirstOrThrow()
}

export function findStaffByEmail(db: Db, email: string) {
  return db.selectFrom('staff').select(columns).where('email', '=', email).executeTakeFirst()
}

/** The role of a staff account now (one primary-key lookup per staff request). */
export async function currentStaffRole(db: Db, staffId: string): Promise<StaffRole | undefined> {
  if (!id.safeParse(staffId).success) return undefined
  const row = await db.selectFrom('staff').select('role').where('id', '=', staffId).executeTakeFirst()
  return row?.role
}

/** Every admin's id, rows locked: changes that could remove the last admin happen one at a time. */
export async function lockAdmins(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('staff').select('id').where('role', '=', 'admin').forUpdate().execute()
  return rows.map((r) => r.id)
}

export async function deleteStaff(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('staff').where('id', '=', id).executeTakeFirst()
  return result.numDeletedRows > 0n
}

/** Staff ordered by email, the page after `afterEmail`; one row more than asked tells if more follow. */
export function listStaff(db: Db, limit: number, afterEmail: string | undefined) {
  return db
    .selectFrom('staff')
    .select(columns)
    .$if(afterEmail !== undefined, (q) => q.where('email', '>', afterEmail!))
    .orderBy('email')
    .limit(limit + 1)
    .execute()
}
