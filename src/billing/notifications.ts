import type { Db } from '../db/connect.js'
import type { MemberStatus } from '../db/schema.js'
import { enqueueMail, type MailKind } from '../mail/outbox.repository.js'

const PATRON: readonly MemberStatus[] = ['active', 'trialing', 'past_due']

type MembershipMailKind = Extract<MailKind, 'welcome' | 'payment-failed' | 'membership-ended'>

/** The mail a member gets for a status change, or none for changes that need no word. */
export function membershipMailKind(change: {
  from: MemberStatus
  to: MemberStatus
}): MembershipMailKind | null {
  if (!PATRON.includes(change.from) && (change.to === 'active' || change.to === 'trialing')) return 'welcome'
  if (change.from !== 'past_due' && change.to === 'past_due') return 'payment-failed'
  if (PATRON.includes(change.from) && (change.to === 'canceled' || change.to === 'unpaid')) {
    return 'membership-ended'
  }
  return null
}

/**
 * Writes the mail of a status change in the transaction that records it, so the change and its mail
 * commit (or roll back) together. The key names the subscription (and, for a failed payment, when
 * it happened), so a replayed event or a second path to the same change cannot mail twice.
 */
export async function enqueueMembershipMail(
  trx: Db,
  member: { id: string; email: string },
  subscriptionId: string,
  change: { from: MemberStatus; to: MemberStatus; at: Date },
): Promise<string | undefined> {
  const kind = membershipMailKind(change)
  if (!kind) return undefined
  const key = kind === 'payment-failed' ? `${subscriptionId}:${change.at.toISOString()}` : subscriptionId
  return enqueueMail(trx, {
    dedupeKey: `${kind}:${key}`,
    kind,
    recipient: member.email,
    memberId: member.id,
    payload: { subscriptionId },
  })
}
