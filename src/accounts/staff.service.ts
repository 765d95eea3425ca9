import { z } from 'zod'
import type { Db } from '../db/connect.js'
import type { Staff, StaffRole } from '../db/schema.js'
import { inTransaction } from '../db/transaction.js'
import { conflict, notFound } from '../http/problems.js'
import { decodeCursor, keysetPage } from '../http/schemas.js'
import { addStaff, deleteStaff, findStaffByEmail, listStaff, lockAdmins } from './staff.repository.js'

export interface StaffView {
  id: string
  email: string
  role: StaffRole
  createdAt: string
}

export const toStaffView = (s: Pick<Staff, 'id' | 'email' | 'role' | 'created_at'>): StaffView => ({
  id: s.id,
  email: s.email,
  role: s.role,
  createdAt: s.created_at.toISOString(),
})

const lastAdmin = () =>
  conflict('last-admin', 'The last admin cannot be removed or demoted; make another admin first.')

/** Creates the staff account or sets its role (idempotent); never demotes the last admin. */
export async function putStaff(
  db: Db,
  email: string,
  role: StaffRole,
): Promise<{ staff: StaffView; created: boolean }> {
  return inTransaction(db, async (trx) => {
    const admins = await lockAdmins(trx)
    const existing = await findStaffByEmail(trx, email)
    if (existing?.role === 'admin' && role !== 'admin' && admins.length === 1) throw lastAdmin()
    const staff = await addStaff(trx, email, role)
    return { staff: toStaffView(staff), created: !existing }
  })
}

/** Deletes a staff account (its refresh tokens go with it); never the last admin. */
export async function removeStaff(db: Db, id: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    const admins = await lockAdmins(trx)
    if (admins.length === 1 && admins[0] === id) throw lastAdmin()
    if (!(await deleteStaff(trx, id))) throw notFound('No staff account has this id.', 'staff-not-found')
  })
}

export async function staffPage(db: Db, limit: number, cursor: string | undefined) {
  const after = decodeCursor(cursor, z.object({ email: z.string() }))
  const rows = await listStaff(db, limit, after?.email)
  const { rows: data, nextCursor } = keysetPage(rows, limit, (last) => ({ email: last.email }))
  return { data: data.map(toStaffView), nextCursor }
}
