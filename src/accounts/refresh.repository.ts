import { sql } from 'kysely'
import type { Db } from '../db/connect.js'

export const REFRESH_TOKEN_DAYS = 30

/** Whose session a refresh token continues: a member's or a staff account's. */
export type Owner = { memberId: string } | { staffId: string }

const ownerColumns = (owner: Owner) =>
  'memberId' in owner
    ? { member_id: owner.memberId, staff_id: null }
    : { member_id: null, staff_id: owner.staffId }

export function insertRefreshToken(db: Db, t: { tokenHash: string; familyId: string; owner: Owner }) {
  return db
    .insertInto('refresh_tokens')
    .values({
      token_hash: t.tokenHash,
      family_id: t.familyId,
      ...ownerColumns(t.owner),
      expires_at: sql<Date>`now() + make_interval(days => ${REFRESH_TOKEN_DAYS})`,
    })
    .execute()
}

/** The token's row, locked until the transaction ends, so two rotations of it cannot interleave. */
export function findRefreshTokenForUpdate(db: Db, tokenHash: string) {
  return db
    .selectFrom('refresh_tokens')
    .select([
      'id',
      'family_id',
      'member_id',
      'staff_id',
      'rotated_at',
      'revoked_at',
      sql<boolean>`expires_at <= now()`.as('expired'),
    ])
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst()
}

export function markRotated(db: Db, id: string) {
  return db.updateTable('refresh_tokens').set({ rotated_at: sql<Date>`now()` }).where('id', '=', id).execute()
}

export function revokeFamily(db: Db, familyId: string) {
  return db
    .updateTable('refresh_tokens')
    .set({ revoked_at: sql<Date>`now()` })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute()
}

/** Expired tokens can neither be used nor betray a stolen family any more. */
export function deleteExpiredRefreshTokens(db: Db, owner: Owner) {
  const query = db.deleteFrom('refresh_tokens').where('expires_at', '<', sql<Date>`now()`)
  return (
    'memberId' in owner
      ? query.where('member_id', '=', owner.memberId)
      : query.where('staff_id', '=', owner.staffId)
  ).execute()
}

export function revokeAllOf(db: Db, owner: Owner) {
  const query = db
    .updateTable('refresh_tokens')
    .set({ revoked_at: sql<Date>`now()` })
    .where('revoked_at', 'is', null)
  return (
    'memberId' in owner
      ? query.where('member_id', '=', owner.memberId)
      : query.where('staff_id', '=', owner.staffId)
  ).execute()
}
