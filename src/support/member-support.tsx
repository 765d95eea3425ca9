import { z } from 'zod'
import type { Db } from '../db/connect.js'
import type { I18n } from '../web/i18n/index.js'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

/** A member's one-time payments and the gifts they gave or got, for staff (API and member page). */
export async function memberSupport(db: Db, memberId: string) {
  const [payments, gifts] = await Promise.all([
    db
      .selectFrom('one_time_payments')
      .select(['id', 'kind', 'amount', 'currency', 'status', 'amount_refunded', 'paid_at'])
      .where('member_id', '=', memberId)
      .where('paid_at', 'is not', null)
      .orderBy('paid_at')
      .execute(),
    db
      .selectFrom('gifts')
      .select([
        'id',
        'purchaser_member_id',
        'recipient_email',
        'tier_id',
        'months',
        'status',
        'starts_at',
        'ends_at',
      ])
      .where((eb) =>
        eb.or([eb('purchaser_member_id', '=', memberId), eb('recipient_member_id', '=', memberId)]),
      )
      .where('status', '!=', 'pending')
      .orderBy('created_at')
      .execute(),
  ])
  return {
    contributions: payments.map((p) => ({
      id: p.id,
      kind: p.kind,
      amount: p.amount,
      currency: p.currency,
      status: p.status,
      amountRefunded: p.amount_refunded,
      paidAt: iso(p.paid_at),
    })),
    gifts: gifts.map((g) => ({
      id: g.id,
      role: g.purchaser_member_id === memberId ? ('purchaser' as const) : ('recipient' as const),
      recipientEmail: g.recipient_email,
      tierId: g.tier_id,
      months: g.months,
      status: g.status,
      startsAt: iso(g.starts_at),
      endsAt: iso(g.ends_at),
    })),
  }
}

export const memberSupportSchema = {
  contributions: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['contribution', 'gift']),
      amount: z.number().int(),
      currency: z.string(),
      status: z.string(),
      amountRefunded: z.number().int(),
      paidAt: z.string().nullable(),
    }),
  ),
  gifts: z.array(
    z.object({
      id: z.string(),
      role: z.enum(['purchaser', 'recipient']),
      recipientEmail: z.string(),
      tierId: z.string(),
      months: z.number().int(),
      status: z.string(),
      startsAt: z.string().nullable(),
      endsAt: z.string().nullable(),
    }),
  ),
}

/** The member page's section: one-time payments, then gifts given or received. */
export function MemberSupport(props: { i18n: I18n; support: Awaited<ReturnType<typeof memberSupport>> }) {
  const { i18n, support } = props
  const t = i18n.t
  return (
    <>
      <h2>{t('admin.members.oneTime')}</h2>
      {support.contributions.length === 0 && support.gifts.length === 0 ? (
        <p class="muted">{t('admin.members.noOneTime')}</p>
      ) : null}
      <ul class="plain-list">
        {support.contributions.map((c) => (
          <li key={c.id}>
            {t(c.kind === 'gift' ? 'admin.members.giftPaid' : 'admin.members.contribution', {
              amount: i18n.money(c.amount, c.currency),
              date: c.paidAt ? i18n.date(c.paidAt) : '',
            })}
            {c.amountRefunded > 0 ? (
              <span class="muted">
                {' '}
                ({t('admin.members.refunded', { amount: i18n.money(c.amountRefunded, c.currency) })})
              </span>
            ) : null}
          </li>
        ))}
        {support.gifts.map((g) => (
          <li key={g.id}>
            {t(g.role === 'purchaser' ? 'admin.members.giftGiven' : 'admin.members.giftReceived', {
              email: g.recipientEmail,
              months: i18n.plural('support.gift.months', g.months),
              status: t(`admin.members.giftStatus.${g.status as 'paid' | 'started' | 'canceled' | 'ended'}`),
            })}
            {g.endsAt ? <span class="muted"> — {i18n.date(g.endsAt)}</span> : null}
          </li>
        ))}
      </ul>
    </>
  )
}
