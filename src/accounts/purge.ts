import { sql } from 'kysely'
import type { PurgeRule } from '../db/housekeeping.js'
import { REFRESH_FAMILY_DAYS } from './refresh.repository.js'

/** Login tokens live 15 minutes and count toward the 15-minute rate limits; an hour clears both. */
const LOGIN_TOKEN_GRACE_HOURS = 1

/**
 * What accounts keep no longer. Refresh tokens go once expired (rotated and revoked ones are kept
 * until then: a reused one must still be recognised); a revoked family never comes back, and one
 * past its absolute lifetime never refreshes again: their tokens go with them (on delete cascade).
 */
export const accountsPurgeRules: readonly PurgeRule[] = [
  {
    name: 'loginTokens',
    table: 'login_tokens',
    old: sql`expires_at < now() - make_interval(hours => ${LOGIN_TOKEN_GRACE_HOURS})`,
  },
  { name: 'refreshTokens', table: 'refresh_tokens', old: sql`expires_at < now()` },
  {
    name: 'refreshFamilies',
    table: 'refresh_families',
    old: sql`revoked_at is not null or created_at < now() - make_interval(days => ${REFRESH_FAMILY_DAYS})`,
  },
]
