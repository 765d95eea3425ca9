import type { Generated } from 'kysely'
import type { CreatedAt, Timestamp } from './columns.js'

export type StaffRole = 'admin' | 'editor' | 'analyst'

export interface StaffTable {
  id: Generated<string>
  email: string
  role: StaffRole
  created_at: CreatedAt
}

export interface LoginTokensTable {
  id: Generated<string>
  token_hash: string
  email: string
  requested_ip: string | null
  expires_at: Timestamp
  used_at: Timestamp | null
  created_at: CreatedAt
}

export interface RefreshTokensTable {
  id: Generated<string>
  token_hash: string
  family_id: string
  member_id: string | null
  staff_id: string | null
  expires_at: Timestamp
  rotated_at: Timestamp | null
  revoked_at: Timestamp | null
  created_at: CreatedAt
}

/** One sign-in and its rotations: locked by every rotation and revocation of its tokens. */
export interface RefreshFamiliesTable {
  id: Generated<string>
  member_id: string | null
  staff_id: string | null
  revoked_at: Timestamp | null
  created_at: CreatedAt
}
