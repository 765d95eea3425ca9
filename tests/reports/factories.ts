import { type MembershipState, recordTransition } from '../../src/billing/history.repository.js'
import type { Db } from '../../src/db/connect.js'
import type { Churn, MemberStatus } from '../../src/db/schema.js'

export async function createTier(db: Db, name: string, currency: string) {
  return db.insertInto('tiers').values({ name, currency }).returning(['id', 'name']).executeTakeFirstOrThrow()
}

export const none: MembershipState = { status: 'none', tierId: null, currency: null, mrr: 0 }

export function state(
  status: MemberStatus,
  tier: { id: string } | null = null,
  currency: string | null = null,
  mrr = 0,
): MembershipState {
  return { status, tierId: tier?.id ?? null, currency, mrr }
}

/**
 * Plays a member's Stripe-dated transitions through the real write path, one transaction each,
 * as the webhook intake does.
 */
export async function play(
  db: Db,
  memberId: string,
  steps: { at: string; to: MembershipState; churn?: Churn }[],
  from: MembershipState = none,
): Promise<MembershipState> {
  let current = from
  for (const step of steps) {
    const previous = current
    await db.transaction().execute((trx) =>
      recordTransition(trx, {
        memberId,
        subscriptionId: null,
        at: new Date(step.at),
        from: previous,
        to: step.to,
        churn: step.churn ?? null,
      }),
    )
    current = step.to
  }
  return current
}

export async function createComp(db: Db, memberId: string, startsAt: string, until: string) {
  await db.insertInto('comps').values({ member_id: memberId, starts_at: startsAt, until }).execute()
}
