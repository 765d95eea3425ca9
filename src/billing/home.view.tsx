import type { PublicRound } from '../voting/public-round.js'
import type { PageContext } from '../web/context.js'
import { CsrfField } from '../web/forms.js'
import type { MyMembership } from './my-membership.js'

/** "Fix payment": the Stripe Customer Portal, through a posted form (account and home alike). */
export function BillingForm(props: { page: PageContext; label: string; primary?: boolean }) {
  return (
    <form method="post" action="/account/billing">
      <CsrfField page={props.page} />
      <button type="submit" class={props.primary ? 'primary' : 'secondary'}>
        {props.label}
      </button>
    </form>
  )
}

/** A past-due patron's plain banner: what happened, until when they keep their vote, and the fix. */
export function PastDueBanner(props: { page: PageContext; membership: { graceUntil: string | null } }) {
  const { t, date } = props.page.i18n
  const { graceUntil } = props.membership
  return (
    <div class="banner warn" role="alert">
      <p>
        <strong>{t('account.status.pastDue')}</strong>
      </p>
      <p>{graceUntil ? t('account.grace', { date: date(graceUntil) }) : t('account.graceOver')}</p>
      <BillingForm page={props.page} label={t('account.fixPayment')} primary />
    </div>
  )
}

/** The home page of a signed-in patron: no appeal to join what they have joined, but where to go. */
export function PatronHome(props: { page: PageContext; membership: MyMembership }) {
  const { page, membership } = props
  const t = page.i18n.t
  return (
    <section class="stack">
      <h1>{t('home.patron.title')}</h1>
      {membership.pastDue ? <PastDueBanner page={page} membership={membership} /> : null}
      <p class="lead">
        {membership.tierName
          ? t('home.patron.tier', { tier: membership.tierName, name: page.config.site.name })
          : t('home.patron.thanks', { name: page.config.site.name })}
      </p>
      <p class="actions">
        {membership.entitlements.includes('vote') ? (
          <a class="button primary" href="/rounds">
            {t('account.vote')}
          </a>
        ) : null}
        <a class="button" href="/account">
          {t('home.patron.account')}
        </a>
      </p>
    </section>
  )
}

/** "Patrons are voting now on": every open round that has topics, each with its link. */
export function OpenRoundsTeaser(props: { page: PageContext; rounds: PublicRound[] }) {
  const t = props.page.i18n.t
  if (props.rounds.length === 0) return null
  return (
    <section class="stack section teaser" aria-labelledby="teaser-heading">
      <h2 id="teaser-heading">{t('home.teaserHeading')}</h2>
      {props.rounds.map((round) => (
        <div key={round.id} class="stack">
          {props.rounds.length > 1 ? <h3>{round.title}</h3> : null}
          <ul class="teaser-list">
            {round.topics.slice(0, 5).map((topic) => (
              <li key={topic.id}>{topic.title}</li>
            ))}
          </ul>
          <p>
            <a href={`/rounds/${round.id}`}>
              {props.rounds.length > 1
                ? t('home.teaserLinkTo', { round: round.title })
                : t('home.teaserLink')}
            </a>
          </p>
        </div>
      ))}
    </section>
  )
}
