import type { Db } from '../db/connect.js'
import { enqueueMail } from '../mail/enqueue.js'
import { ENDING_NOTICE_DAYS } from '../mail/kinds/gift-ending.js'

/**
 * The mails of other ways to support, written in the transaction of the change that causes them;
 * each key names its payment or gift, so a replayed event cannot mail twice. A payment's language
 * (the page it was made on) travels in the payload for readers who never chose one.
 */
export function enqueueContributionThanks(
  trx: Db,
  payment: {
    id: string
    member_id: string
    email: string
    amount: number
    currency: string
    locale: string | null
  },
) {
  return enqueueMail(trx, {
    dedupeKey: `contribution-thanks:${payment.id}`,
    kind: 'contribution-thanks',
    recipient: payment.email,
    memberId: payment.member_id,
    payload: { amount: payment.amount, currency: payment.currency, locale: payment.locale },
  })
}

export function enqueueGiftPurchased(
  trx: Db,
  gift: { id: string; purchaserId: string; purchaserEmail: string; locale: string | null },
) {
  return enqueueMail(trx, {
    dedupeKey: `gift-purchased:${gift.id}`,
    kind: 'gift-purchased',
    recipient: gift.purchaserEmail,
    memberId: gift.purchaserId,
    payload: { giftId: gift.id, locale: gift.locale },
  })
}

/** The recipient's mail, held back until the delivery date; it carries the one-time start link. */
export function enqueueGiftReceived(
  trx: Db,
  gift: {
    id: string
    recipientId: string
    recipientEmail: string
    sendAt: Date | null
    url: string
    locale: string | null
  },
) {
  return enqueueMail(trx, {
    dedupeKey: `gift-received:${gift.id}`,
    kind: 'gift-received',
    recipient: gift.recipientEmail,
    memberId: gift.recipientId,
    payload: { giftId: gift.id, url: gift.url, locale: gift.locale },
    ...(gift.sendAt ? { notBefore: gift.sendAt } : {}),
  })
}

export function enqueueGiftEnding(
  trx: Db,
  gift: { id: string; recipientId: string; recipientEmail: string; endsAt: Date },
) {
  const notBefore = new Date(gift.endsAt.getTime() - ENDING_NOTICE_DAYS * 86_400_000)
  return enqueueMail(trx, {
    dedupeKey: `gift-ending:${gift.id}`,
    kind: 'gift-ending',
    recipient: gift.recipientEmail,
    memberId: gift.recipientId,
    payload: { giftId: gift.id },
    notBefore,
  })
}
