import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { Churn, MemberStatus } from '../db/schema.js'

export interface MembershipState {
  status: MemberStatus
  tierId: string | null
  currency: string | null
  /** Monthly-normalised amount in minor units; 0 unless paying. */
  mrr: number
}

export interface Transition {
  memberId: string
  subscriptionId: string | null
  /** Stripe's time of the change (start_date, canceled_at, ended_at or the event's created). */
  at: Date
  from: MembershipState
  to: MembershipState
  churn?: Churn | null
  stripeEventId?: string | null
}

/**
 * Appends one real transition to membership_history and adds it to the per-day rollups (and, when the
 * member enters or leaves the paying set, to its cohort's), in one statement:
 * `record_membership_transition` (migrations/2026-12-03T11-40_apply-subscription.ts), which
 * `apply_subscription` calls for every change it stores. Transitions are expected in Stripe-time
 * order per member: a member's cohort is the month of its earliest new_patron transition so far.
 */
export async function recordTransition(db: Db, t: Transition): Promise<void> {
  await sql`select record_membership_transition(${t.memberId}::uuid, ${t.subscriptionId}::text,
    ${t.at}::timestamptz, ${t.from.status}::text, ${t.from.tierId}::uuid, ${t.from.currency}::text,
    ${t.from.mrr}::integer, ${t.to.status}::text, ${t.to.tierId}::uuid, ${t.to.currency}::text,
    ${t.to.mrr}::integer, ${t.churn ?? null}::text, ${t.stripeEventId ?? null}::text)`.execute(db)
}
