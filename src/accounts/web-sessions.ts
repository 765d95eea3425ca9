import { sql } from 'kysely'
import { entitledSql } from '../billing/entitlement.js'
import type { Db } from '../db/connect.js'
import { inTransaction } from '../db/transaction.js'
import type { WebSession } from '../web/context.js'
import {
  insertRefreshToken,
  lockFamily,
  lockOwner,
  markRotated,
  type Owner,
  readTokenState,
  revokeFamilies,
} from './refresh.repository.js'
import { hashSecret, newSecret } from './secrets.js'

/** A session older than this is moved to a fresh token of its family (a sliding 30-day session). */
const ROTATE_AFTER_HOURS = 12
/** A token rotated this recently still works: parallel requests of one page carry the old cookie. */
const ROTATION_GRACE_SECONDS = 60

/**
 * A browser's session is a refresh token kept in an HttpOnly cookie: the same families as the API,
 * so revocation (logout, reuse of a rotated token) ends page sessions too. Each request reads the
 * token's owner as it is now, in one query: a staff role or a member's entitlement is never stale.
 */
export async function readWebSession(db: Db, token: string): Promise<WebSession | undefined> {
  const row = await db
    .selectFrom('refresh_tokens as rt')
    .leftJoin('members as m', 'm.id', 'rt.member_id')
    .leftJoin('staff as s', 's.id', 'rt.staff_id')
    .select([
      'rt.id',
      'rt.family_id',
      'rt.member_id',
      'rt.staff_id',
      'm.email as member_email',
      'm.tier_id',
      's.email as staff_email',
      's.role',
      sql<boolean>`rt.revoked_at is not null or rt.expires_at <= now()`.as('dead'),
      sql<boolean>`rt.rotated_at is not null`.as('rotated'),
      sql<boolean>`rt.rotated_at > now() - make_interval(secs => ${ROTATION_GRACE_SECONDS})`.as('in_grace'),
      sql<boolean>`rt.created_at < now() - make_interval(hours => ${ROTATE_AFTER_HOURS})`.as('stale'),
      sql<boolean>`coalesce(${entitledSql}, false)`.as('entitled'),
    ])
    .where('rt.token_hash', '=', hashSecret(token))
    .executeTakeFirst()
  if (!row || row.dead) return undefined
  if (row.rotated && !row.in_grace) {
    // A rotated token presented again, long after its successor was issued: it was copied.
    await endFamily(db, ownerOf(row), row.family_id)
    return undefined
  }
  const session: WebSession = row.staff_id
    ? {
        auth: { sub: row.staff_id, role: row.role!, ent: [], tier: null, jti: row.family_id },
        email: row.staff_email!,
        familyId: row.family_id,
      }
    : {
        auth: {
          sub: row.member_id!,
          role: 'patron',
          ent: row.entitled ? ['vote'] : [],
          tier: row.tier_id,
          jti: row.family_id,
        },
        email: row.member_email!,
        familyId: row.family_id,
      }
  if (row.staff_id ? !row.role : !row.member_email) return undefined
  if (row.stale && !row.rotated) {
    const rotated = await rotate(db, row, hashSecret(token))
    if (rotated) session.rotatedToken = rotated
  }
  return session
}

const ownerOf = (row: { member_id: string | null; staff_id: string | null }): Owner =>
  row.staff_id ? { staffId: row.staff_id } : { memberId: row.member_id! }

/** The lock order of refresh.repository.ts: the owner's row, then the family's. */
async function lockOwnerAndFamily(db: Db, owner: Owner, familyId: string) {
  await lockOwner(db, owner)
  return lockFamily(db, familyId)
}

/**
 * Only the request that marks the token rotated issues its successor, under the family's lock (so a
 * concurrent sign-out also ends the new token); a parallel request keeps the old one for a minute.
 */
async function rotate(
  db: Db,
  row: { family_id: string; member_id: string | null; staff_id: string | null },
  tokenHash: string,
): Promise<string | undefined> {
  const owner = ownerOf(row)
  return inTransaction(db, async (trx) => {
    const family = await lockOwnerAndFamily(trx, owner, row.family_id)
    if (!family || family.revoked_at || family.ended) return undefined
    const state = await readTokenState(trx, tokenHash)
    if (!state || state.rotated_at || state.expired) return undefined
    await markRotated(trx, state.id)
    const token = newSecret()
    await insertRefreshToken(trx, { tokenHash: hashSecret(token), familyId: row.family_id, owner })
    return token
  })
}

async function endFamily(db: Db, owner: Owner, familyId: string): Promise<void> {
  await inTransaction(db, async (trx) => {
    if (await lockOwnerAndFamily(trx, owner, familyId)) await revokeFamilies(trx, [familyId])
  })
}

/** Signing out of the browser ends this session's family (other devices stay signed in). */
export function endWebSession(db: Db, session: WebSession): Promise<void> {
  const owner: Owner =
    session.auth.role === 'patron' ? { memberId: session.auth.sub } : { staffId: session.auth.sub }
  return endFamily(db, owner, session.familyId)
}
