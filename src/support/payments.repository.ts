import { sql } from 'kysely'
import type { Db } from '../db/connect.js'
import type { MailLocale, OneTimeKind, OneTimeStatus } from '../db/schema.js'

export interface NewPayment {
  id: string
  kind: OneTimeKind
  memberId: string
  amount: number
  currency: string
  checkoutSessionId: string
  locale: MailLocale | null
  message: string | null
}

export async function insertPayment(db: Db, p: NewPayment): Promise<void> {
  await db
    .insertInto('one_time_payments')
    .values({
      id: p.id,
      kind: p.kind,
      member_id: p.memberId,
      amount: p.amount,
      currency: p.currency,
      checkout_session_id: p.checkoutSessionId,
      locale: p.locale,
      message: p.message,
    })
    .execute()
}

export interface NewGift {
  paymentId: string
  purchaserId: string
  recipientEmail: string
  tierId: string
  months: number
  message: string | null
  sendAt: Date | null
}

export async function insertGift(db: Db, g: NewGift): Promise<void> {
  await db
    .insertInto('gifts')
    .values({
      payment_id: g.paymentId,
      purchaser_member_id: g.purchaserId,
      recipient_email: g.recipientEmail,
      tier_id: g.tierId,
      months: g.months,
      message: g.message,
      send_at: g.sendAt,
    })
    .execute()
}

/** Our payment of a Checkout Session or of a payment intent (ids Stripe gave us), if any. */
export function findPayment(db: Db, by: { sessionId?: string; paymentIntentId?: string; id?: string }) {
  return db
    .selectFrom('one_time_payments')
    .select(['id', 'checkout_session_id'])
    .$if(by.sessionId !== undefined, (q) => q.where('checkout_session_id', '=', by.sessionId!))
    .$if(by.paymentIntentId !== undefined, (q) => q.where('payment_intent_id', '=', by.paymentIntentId!))
    .$if(by.id !== undefined, (q) => q.where('id', '=', by.id!))
    .executeTakeFirst()
}

/** The payment under its row lock, with its payer and (for a gift) the gift. */
export function lockPayment(db: Db, id: string) {
  return db
    .selectFrom('one_time_payments as p')
    .innerJoin('members as m', 'm.id', 'p.member_id')
    .select([
      'p.id',
      'p.kind',
      'p.member_id',
      'p.amount',
      'p.currency',
      'p.status',
      'p.amount_refunded',
      'p.paid_at',
      'p.locale',
      'm.email',
    ])
    .where('p.id', '=', id)
    .forUpdate('p')
    .executeTakeFirst()
}
export type LockedPayment = NonNullable<Awaited<ReturnType<typeof lockPayment>>>

export async function updatePayment(
  db: Db,
  id: string,
  fields: {
    status: OneTimeStatus
    paymentIntentId: string | null
    paidAt: Date | null
    amountRefunded: number
  },
): Promise<void> {
  await db
    .updateTable('one_time_payments')
    .set({
      status: fields.status,
      payment_intent_id: fields.paymentIntentId,
      paid_at: fields.paidAt,
      amount_refunded: fields.amountRefunded,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute()
}

/** Records refunds by Stripe id (a replay adds nothing); returns the payment's refunded total. */
export async function recordRefunds(
  db: Db,
  paymentId: string,
  refunds: ReadonlyArray<{ id: string; amount: number; currency: string; at: Date }>,
): Promise<number> {
  if (refunds.length > 0) {
    await db
      .insertInto('one_time_refunds')
      .values(
        refunds.map((r) => ({
          id: r.id,
          payment_id: paymentId,
          amount: r.amount,
          currency: r.currency,
          refunded_at: r.at,
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
  }
  const row = await db
    .selectFrom('one_time_refunds')
    .select(sql<number>`coalesce(sum(amount), 0)::int`.as('total'))
    .where('payment_id', '=', paymentId)
    .executeTakeFirstOrThrow()
  return row.total
}
