import type { Request } from 'express'
import type { StaffRole } from '../db/schema.js'
import { forbidden, unauthenticated } from './problems.js'
import { may, type Role } from './roles.js'

export type { Role } from './roles.js'

/** What a verified access token says about its bearer. */
export interface AuthContext {
  sub: string
  role: Role
  ent: string[]
  tier: string | null
  jti: string
}

export interface TokenVerifier {
  /** Returns the claims or throws `unauthenticated`. */
  verify(token: string): AuthContext
}

export function bearerToken(req: Request): string {
  const header = req.headers.authorization
  const match = header?.match(/^Bearer[ ]+([^\s]+)\s*$/i)
  if (!match) throw unauthenticated(header ? 'The Authorization header is not a Bearer token.' : undefined)
  return match[1]!
}

/** The staff account's role as it is now; undefined once the account is gone. */
export type StaffRoleLookup = (staffId: string) => Promise<StaffRole | undefined>

/**
 * Verifies the bearer token and checks the role against the allowed ones (admin may do all staff
 * work). A staff token's role is looked up in the database on every request, so removing or
 * demoting an account takes effect at once; a patron's token is trusted as it is.
 */
export async function authorize(
  req: Request,
  verifier: TokenVerifier,
  allowed: readonly Role[],
  staffRoleOf: StaffRoleLookup,
): Promise<AuthContext> {
  const claims = verifier.verify(bearerToken(req))
  let auth = claims
  if (claims.role !== 'patron') {
    const role = await staffRoleOf(claims.sub)
    if (!role) throw unauthenticated('This staff account no longer exists.', 'account-removed')
    auth = { ...claims, role }
  }
  if (!may(auth.role, allowed)) throw forbidden()
  return auth
}
