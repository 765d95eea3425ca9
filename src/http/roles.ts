import type { StaffRole } from '../db/schema.js'

/** Who a bearer is: a patron (a member) or one of the staff roles. */
export type Role = 'patron' | StaffRole

export const STAFF_ROLES = ['admin', 'editor', 'analyst'] as const satisfies readonly StaffRole[]
export const ROLES = ['patron', ...STAFF_ROLES] as const satisfies readonly Role[]

export const EDITORS = ['editor'] as const satisfies readonly Role[]
export const ANALYSTS = ['analyst'] as const satisfies readonly Role[]
export const ADMINS = ['admin'] as const satisfies readonly Role[]
export const STAFF = ['editor', 'analyst'] as const satisfies readonly Role[]

/**
 * The one role rule, for API guards, page guards, the staff nav and views alike: `need` names the
 * roles a thing is for, and admin may do all staff work (never what is a patron's own).
 */
export function may(role: Role, need: Role | readonly Role[]): boolean {
  const allowed: readonly Role[] = typeof need === 'string' ? [need] : need
  return allowed.includes(role) || (role === 'admin' && allowed.some((r) => r !== 'patron'))
}
