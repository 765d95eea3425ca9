import type { Db } from '../db/connect.js'
import type { StaffRole } from '../db/schema.js'

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
