import { z } from 'zod'
import type { Db } from '../db/connect.js'
import type { Staff, StaffRole } from '../db/schema.js'
import { inTransaction } from '../db/transaction.js'
import { conflict, notFound } from '../http/problems.js'
import { decodeCursor, keysetPage } from '../http/schemas.js'
import type { Locale } from '../locales.js'
import { enqueueMail } from '../mail/enqueue.js'
import { insertLoginToken, LOGIN_TOKEN_MINUTES } from './login.repository.js'
import { magicLinkUrl } from './messages.js'
import { hashSecret, newSecret } from './secrets.js'
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

/** Where a new staff member's invitation links to, and in which language it is written. */
export interface Invitation {
  publicUrl: string
  locale?: Locale | undefined
}

/**
 * Creates the staff account or sets its role (idempotent); never demotes the last admin. A new
 * account is invited by mail, in the same transaction: a sign-in link (a one-time token, valid as
 * magic links are) naming the newsroom and the role. Returns that mail's outbox id, to send now.
 */
export async function putStaff(
  db: Db,
  email: string,
  role: StaffRole,
  invitation?: Invitation,
): Promise<{ staff: StaffView; created: boolean; mailId?: string | undefined }> {
  return inTransaction(db, async (trx) => {
    const admins = await lockAdmins(trx)
    const existing = await findStaffByEmail(trx, email)
    if (existing?.role === 'admin' && role !== 'admin' && admins.length === 1) throw lastAdmin()
    const staff = await addStaff(trx, email, role)
    const mailId = !existing && invitation ? await inviteStaff(trx, email, role, invitation) : undefined
    return { staff: toStaffView(staff), created: !existing, mailId }
  })
}

async function inviteStaff(trx: Db, email: string, role: StaffRole, invitation: Invitation) {
  const token = newSecret()
  await insertLoginToken(trx, { tokenHash: hashSecret(token), email, ip: null })
  const url = magicLinkUrl(invitation.publicUrl, token)
  return enqueueMail(trx, {
    dedupeKey: `staff-invite:${hashSecret(token)}`,
    kind: 'staff-invite',
    recipient: email,
    memberId: null,
    payload: {
      url,
      minutes: LOGIN_TOKEN_MINUTES,
      role,
      ...(invitation.locale ? { locale: invitation.locale } : {}),
    },
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
