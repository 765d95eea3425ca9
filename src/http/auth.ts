import type { Request } from 'express'
import type { StaffRole } from '../db/schema.js'
import { forbidden, unauthenticated } from './problems.js'

export type Role = 'patron' | StaffRole
export const staffRoles: readonly StaffRole[] = ['admin', 'editor', 'analyst']

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

/** Verifies the bearer token and checks its role against the allowed ones (admin may do all staff work). */
export function authorize(req: Request, verifier: TokenVerifier, allowed: readonly Role[]): AuthContext {
  const auth = verifier.verify(bearerToken(req))
  const ok = allowed.includes(auth.role) || (auth.role === 'admin' && allowed.some((r) => r !== 'patron'))
  if (!ok) throw forbidden()
  return auth
}
