import { randomBytes } from 'node:crypto'
import type { Db } from '../../src/db/connect.js'
import type { MemberStatus, StaffRole } from '../../src/db/schema.js'
import type { Deps } from '../../src/deps.js'

export const uniqueEmail = (prefix = 'reader') => `${prefix}-${randomBytes(5).toString('hex')}@example.test`

export async function createStaff(db: Db, role: StaffRole, email = uniqueEmail(role)) {
  return db
    .insertInto('staff')
    .values({ email, role })
    .returning(['id', 'email', 'role'])
    .executeTakeFirstOrThrow()
}

export async function createMember(
  db: Db,
  fields: { email?: string; status?: MemberStatus; graceUntil?: Date | null } = {},
) {
  return db
    .insertInto('members')
    .values({
      email: fields.email ?? uniqueEmail(),
      status: fields.status ?? 'none',
      grace_until: fields.graceUntil ?? null,
    })
    .returning(['id', 'email', 'status'])
    .executeTakeFirstOrThrow()
}

/** An access token as the auth routes would issue it. */
export function staffToken(deps: Deps, staff: { id: string; role: StaffRole }): string {
  return deps.tokens.sign({ sub: staff.id, role: staff.role }).accessToken
}

export function patronToken(
  deps: Deps,
  member: { id: string },
  ent: string[] = ['vote'],
  tier: string | null = null,
) {
  return deps.tokens.sign({ sub: member.id, role: 'patron', ent, tier }).accessToken
}
