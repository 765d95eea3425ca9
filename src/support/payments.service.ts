import { hashSecret, newSecret } from '../accounts/secrets.js'
import { lockMember, upsertMemberByEmail } from '../billing/index.js'
import type { Config } from '../config.js'
import type { Db } from '../db/connect.js'
import type { OneTimeStatus } from '../db/schema.js'
import { lockGiftOfPayment, setGiftStatus } from './gifts.repository.js'
import { enqueueContributionThanks, enqueueGiftPurchased, enqueueGiftReceived } from './mails.js'
import { type LockedPayment, lockPayment, recordRefunds, updatePayment } from './payments.repository.js'

/** A one-time payment as Stripe says it is now (the session, its payment intent and refunds). */
export interface PaymentState {
  paymentIntentId: string | null
  paid: boolean
  failed: boolean
  /** Stripe's time of the charge. */
  paidAt: Date | null
  refunds: { id: string; amount: number; currency: string; at: Date }[]
}

/** The status of a payment from its amount, what Stripe says, and the refunds recorded. */
export function statusOf(amount: number, state: PaymentState, refunded: number): OneTimeStatus {
  if (!state.paid) return state.failed ? 'failed' : 'pending'
  if (refunded >= amount) return 'refunded'
  return refunded > 0 ? 'partially_refunded' : 'paid'
}

/**
 * Applies Stripe's current state to our payment under its row lock. Every event re-reads Stripe, so
 * the order and repetition of events cannot matter: the payment becomes paid once (its mails keyed
 * by it), and each refund is recorded once by its Stripe id. Returns the outbox rows to send.
 */
export async function applyPaymentState(
  trx: Db,
  config: Pick<Config, 'publicUrl'>,
  paymentId: string,
  state: PaymentState,
): Promise<Array<string | undefined>> {
  const payment = await lockPayment(trx, paymentId)
  if (!payment) return []
  const refunded = await recordRefunds(trx, payment.id, state.paid ? state.refunds : [])
  const status = statusOf(payment.amount, state, refunded)
  const becamePaid = state.paid && payment.paid_at === null
  await updatePayment(trx, payment.id, {
    status,
    paymentIntentId: state.paymentIntentId,
    paidAt: payment.paid_at ?? (state.paid ? state.paidAt : null),
    amountRefunded: refunded,
  })
  if (payment.kind === 'contribution') {
    return becamePaid && status !== 'refunded' ? [await enqueueContributionThanks(trx, payment)] : []
  }
  return applyGiftPayment(trx, config, payment, { becamePaid, fullyRefunded: status === 'refunded' })
}

/**
 * A gift follows its payment: paid, it is announced (the purchaser at once, the recipient on the
 * delivery date); refunded in full, it is cancelled before it starts, or ends at once after.
 */
async function applyGiftPayment(
  trx: Db,
  config: Pick<Config, 'publicUrl'>,
  payment: LockedPayment,
  change: { becamePaid: boolean; fullyRefunded: boolean },
): Promise<Array<string | undefined>> {
  const gift = await lockGiftOfPayment(trx, payment.id)
  if (!gift) return []
  if (change.fullyRefunded) {
    if (gift.status === 'pending' || gift.status === 'paid') {
      await setGiftStatus(trx, gift.id, { status: 'canceled', tokenHash: null })
    } else if (gift.status === 'started') {
      // The recipient's row lock orders this end against votes in flight, as a membership's end does.
      if (gift.recipient_member_id) await lockMember(trx, gift.recipient_member_id)
      await setGiftStatus(trx, gift.id, { status: 'ended', endNow: true })
    }
    return []
  }
  if (!change.becamePaid || gift.status !== 'pending') return []
  const recipient = await upsertMemberByEmail(trx, gift.recipient_email)
  const token = newSecret()
  await setGiftStatus(trx, gift.id, {
    status: 'paid',
    recipientId: recipient.id,
    tokenHash: hashSecret(token),
  })
  return [
    await enqueueGiftPurchased(trx, {
      id: gift.id,
      purchaserId: payment.member_id,
      purchaserEmail: payment.email,
      locale: payment.locale,
    }),
    await enqueueGiftReceived(trx, {
      id: gift.id,
      recipientId: recipient.id,
      recipientEmail: gift.recipient_email,
      sendAt: gift.send_at,
      url: `${config.publicUrl}/gift/start?token=${token}`,
      locale: payment.locale,
    }),
  ]
}
