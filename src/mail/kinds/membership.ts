import { subscriptionForMail } from '../../billing/membership-mail.js'
import type { Translations } from '../../db/schema.js'
import { openRoundTeaser } from '../../voting/public-round.js'
import { localized, localizedName } from '../../web/localized.js'
import { priceLabel } from '../../web/prices.js'
import { defineMailKind, type Part, type Words } from '../kind.js'

type Membership = Awaited<ReturnType<typeof subscriptionForMail>>

/** "Your membership: Supporter, €5 / month. It renews on 3 January 2027." */
function planLines(membership: Membership, { i18n }: Words): string[] {
  if (!membership?.tier || !membership.currency) return []
  const { amount, currency, interval } = membership
  const price =
    interval === 'month' || interval === 'year'
      ? priceLabel(i18n, { id: '', interval, amount, currency })
      : i18n.money(amount, currency)
  const tier = localizedName(membership.tier, membership.tierTranslations, i18n.locale)
  const plan = i18n.t('mail.welcome.plan', { tier, price })
  return [
    membership.renewsAt
      ? `${plan} ${i18n.t('mail.welcome.renews', { date: i18n.date(membership.renewsAt) })}`
      : plan,
  ]
}

/** The mails of a membership's changes (`enqueue_membership_mail`, migrations/2026-12-03T11-40_apply-subscription.ts, decides which). */
export const welcome = defineMailKind({
  bulk: false,
  // Read at send time: the subscription as Stripe last told us, and the round open now.
  load: async (p, ctx) => {
    const membership = p.subscriptionId
      ? await subscriptionForMail(ctx.db, String(p.subscriptionId))
      : undefined
    const { round: open } = await ctx.once('open-round', () => openRoundTeaser(ctx.db))
    const round: { id: string; title: string; translations?: Translations | undefined } | undefined =
      open && open.topics.length > 0
        ? { id: open.id, title: open.title, translations: open.translations }
        : undefined
    return { membership, round }
  },
  compose: ({ membership, round }, words) => {
    const { t, i18n, config, newsroom } = words
    const account = `${config.publicUrl}/account`
    const roundParts: Part[] = round
      ? [
          i18n.t('mail.welcome.round', { title: localized(round, i18n.locale).title }),
          { link: `${config.publicUrl}/rounds/${round.id}`, label: t.roundOpened.action },
        ]
      : [i18n.t('mail.welcome.noRound')]
    return {
      subject: t.welcome.subject(newsroom.name),
      parts: [
        t.welcome.thanks,
        ...planLines(membership, words),
        ...roundParts,
        i18n.t('mail.welcome.manage'),
        { link: account, label: i18n.t('mail.button.account') },
      ],
    }
  },
})

export const paymentFailed = defineMailKind({
  bulk: false,
  load: () => ({}),
  compose: (_, { t, i18n, config }) => ({
    subject: t.paymentFailed.subject,
    parts: [
      t.paymentFailed.body(config.gracePeriodDays),
      { link: `${config.publicUrl}/account`, label: i18n.t('mail.paymentFailed.action') },
    ],
  }),
})

export const membershipEnded = defineMailKind({
  bulk: false,
  load: () => ({}),
  compose: (_, { t, i18n, config }) => ({
    subject: t.ended.subject,
    parts: [t.ended.body, { link: `${config.publicUrl}/`, label: i18n.t('mail.ended.action') }],
  }),
})
