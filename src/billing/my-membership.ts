import type { Db } from '../db/connect.js'
import type { Locale } from '../locales.js'
import { localized } from '../web/localized.js'
import { subscriptionsOf } from './members.repository.js'
import { memberView } from './members.service.js'
import { findTier } from './tiers.repository.js'

/**
 * A patron's membership as their own pages show it (home and account): status, tier in the reader's
 * language, what they pay and how often, and since when, beside the facts of `/v1/me`.
 */
export async function myMembership(db: Db, memberId: string, locale: Locale) {
  const [member, subscriptions] = await Promise.all([memberView(db, memberId), subscriptionsOf(db, memberId)])
  const tier = member.tier ? await findTier(db, member.tier.id) : undefined
  // The newest subscription is the one the member's status comes from.
  const current = subscriptions.at(-1)
  return {
    ...member,
    tierName: tier ? localized(tier, locale).name : null,
    price:
      current && member.status !== 'none'
        ? { amount: current.amount, currency: current.currency, interval: current.interval }
        : null,
    since: current?.start_date ?? null,
    /** A patron now, with every right (past-due patrons have a banner instead). */
    isPatron:
      member.entitlements.includes('vote') && member.status !== 'past_due' && member.status !== 'unpaid',
    pastDue: member.status === 'past_due' || member.status === 'unpaid',
  }
}

export type MyMembership = Awaited<ReturnType<typeof myMembership>>
