import { sql } from 'kysely'
import type { Db } from '../db/connect.js'

/** A refresh token stops working this long after it was issued (each rotation issues a new one). */
export const REFRESH_TOKEN_DAYS = 30
/** A family (one sign-in and all its rotations) stops refreshing this long after the sign-in. */
export const REFRESH_FAMILY_DAYS = 90

/** Whose session a refresh token continues: a member's or a staff account's. */
export type Owner = { memberId: string } | { staffId: string }

const ownerColumns = (owner: Owner) =>
  'memberId' in owner
    ? { member_id: owner.memberId, staff_id: null }
    : { member_id: null, staff_id: owner.staffId }

/*
 * Lock order, the same everywhere, so sessions and staff changes cannot deadlock: the owner's row
 * (staff or member, FOR KEY SHARE, which a staff deletion waits for and which waits for it), then
 * the family row (FOR UPDATE), then the family's tokens. Every change to a family's tokens happens
 * under its family lock, so a revocation also covers a token minted concurrently.
 */

/** The staff account, locked against deletion until the transaction ends. */
export function lockStaffOwner(db: Db, id: string) {
  return db.selectFrom('staff').select(['id', 'role']).where('id', '=', id).forKeyShare().executeTakeFirst()
}

/** The member, locked against deletion until the transaction ends. */
export function lockMemberOwner(db: Db, id: string) {
  return db
    .selectFrom('members')
    .select(['id', 'tier_id'])
    .where('id', '=', id)
    .forKeyShare()
    .executeTakeFirst()
}

/** The owner's row, first in the lock order, whichever kind of owner it is. */
export const lockOwner = (db: Db, owner: Owner) =>
  'staffId' in owner ? lockStaffOwner(db, owner.staffId) : lockMemberOwner(db, owner.memberId)

export async function insertFamily(db: Db, owner: Owner): Promise<string> {
  const row = await db
    .insertInto('refresh_families')
    .values(ownerColumns(owner))
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** The token's owner and family, unlocked: what to lock next. */
export function findRefreshToken(db: Db, tokenHash: string) {
  return db
    .selectFrom('refresh_tokens')
    .select(['family_id', 'member_id', 'staff_id'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst()
}

/** The family row, locked until the transaction ends; `ended` once its absolute lifetime is over. */
export function lockFamily(db: Db, familyId: string) {
  return db
    .selectFrom('refresh_families')
    .select([
      'revoked_at',
      sql<boolean>`created_at <= now() - make_interval(days => ${REFRESH_FAMILY_DAYS})`.as('ended'),
    ])
    .where('id', '=', familyId)
    .forUpdate()
    .executeTakeFirst()
}

/** The token as it is now; read after its family is locked, so no rotation can be in flight. */
export function readTokenState(db: Db, tokenHash: string) {
  return db
    .selectFrom('refresh_tokens')
    .select(['id', 'rotated_at', sql<boolean>`expires_at <= now()`.as('expired')])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst()
}

/** A new token of a family whose row the caller holds locked; it never outlives the family. */
export function insertRefreshToken(db: Db, t: { tokenHash: string; familyId: string; owner: Owner }) {
  return db
    .insertInto('refresh_tokens')
    .values((eb) => ({
      token_hash: t.tokenHash,
      family_id: t.familyId,
      ...ownerColumns(t.owner),
      expires_at: eb
        .selectFrom('refresh_families')
        .select(
          sql<Date>`least(now() + make_interval(days => ${REFRESH_TOKEN_DAYS}),
            created_at + make_interval(days => ${REFRESH_FAMILY_DAYS}))`.as('expires_at'),
        )
        .where('id', '=', t.familyId),
    }))
    .execute()
}

export function markRotated(db: Db, id: string) {
  return db.updateTable('refresh_tokens').set({ rotated_at: sql<Date>`now()` }).where('id', '=', id).execute()
}

/** Revokes families whose rows the caller holds locked, and every token in them. */
export async function revokeFamilies(db: Db, familyIds: string[]): Promise<void> {
  if (familyIds.length === 0) return
  await db
    .updateTable('refresh_families')
    .set({ revoked_at: sql<Date>`now()` })
    .where('id', 'in', familyIds)
    .execute()
  await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: sql<Date>`now()` })
    .where('family_id', 'in', familyIds)
    .where('revoked_at', 'is', null)
    .execute()
}

/** The owner's live families, locked in id order (two logouts at once take them in the same order). */
export async function lockFamiliesOf(db: Db, owner: Owner): Promise<string[]> {
  const query = db
    .selectFrom('refresh_families')
    .select('id')
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .forUpdate()
  const rows = await ('memberId' in owner
    ? query.where('member_id', '=', owner.memberId)
    : query.where('staff_id', '=', owner.staffId)
  ).execute()
  return rows.map((r) => r.id)
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
