import type { MemberStatus } from '../db/schema.js'

/** A subscription in one of these blocks a new Checkout: the member should use the billing portal. */
export const LIVE_STATUSES: readonly MemberStatus[] = ['active', 'trialing', 'past_due', 'unpaid', 'paused']

/**
 * A paying patron: counted in MRR and active patrons, in the cohorts and in the reports. Trials and
 * the rest count 0.
 */
export const PAYING_STATUSES = ['active', 'past_due'] as const satisfies readonly MemberStatus[]

export const isPaying = (status: MemberStatus): boolean =>
  (PAYING_STATUSES as readonly MemberStatus[]).includes(status)
