import type { MailKindSpec } from './kind.js'
import { contributionThanks } from './kinds/contribution-thanks.js'
import { giftEnding } from './kinds/gift-ending.js'
import { giftPurchased } from './kinds/gift-purchased.js'
import { giftReceived } from './kinds/gift-received.js'
import { join } from './kinds/join.js'
import { membershipEnded, paymentFailed, welcome } from './kinds/membership.js'
import { roundOpened } from './kinds/round-opened.js'
import { signIn } from './kinds/sign-in.js'
import { staffInvite } from './kinds/staff-invite.js'
import { topicCovered } from './kinds/topic-covered.js'

/** Every kind of mail, by the name its outbox rows carry. */
export const mailKinds = {
  'sign-in': signIn,
  welcome,
  'payment-failed': paymentFailed,
  'membership-ended': membershipEnded,
  'round-opened': roundOpened,
  'topic-covered': topicCovered,
  join,
  'contribution-thanks': contributionThanks,
  'gift-purchased': giftPurchased,
  'gift-received': giftReceived,
  'gift-ending': giftEnding,
  'staff-invite': staffInvite,
} as const

/** What a mail is about; its words are written at send time from its `payload`. */
export type MailKind = keyof typeof mailKinds

type DataOf<K extends MailKind> = (typeof mailKinds)[K] extends MailKindSpec<infer Data> ? Data : never

/** A mail ready to be written: its kind, what `load` read, and its unsubscribe link if it has one. */
export type MessageData = { [K in MailKind]: { kind: K; unsubscribeUrl?: string } & DataOf<K> }[MailKind]

export const mailKindSpec = (kind: MailKind): MailKindSpec<object> => mailKinds[kind] as MailKindSpec<object>
