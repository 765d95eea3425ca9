import type { Deps } from '../deps.js'
import { refusedWith } from '../http/problems.js'
import { type MailPreferences, mailPreferences } from '../mail/preferences.js'
import { MailPreferencesForm } from '../mail/preferences-form.js'
import { giftForAccount } from '../support/gifts.service.js'
import type { PageContext } from '../web/context.js'
import { CsrfField } from '../web/forms.js'
import { requirePage } from '../web/guard.js'
import type { Pages } from '../web/pages.js'
import { type PriceView, priceLabel } from '../web/prices.js'
import { renderPage } from '../web/render.js'
import { BillingForm, PastDueBanner } from './home.view.js'
import { billingPortal } from './members.service.js'
import { type MyMembership, myMembership } from './my-membership.js'

type Member = MyMembership

function statusLine(page: PageContext, m: Member): string {
  const { t, date } = page.i18n
  switch (m.status) {
    case 'active':
      if (!m.currentPeriodEnd) return t('account.status.activeNoDate')
      return m.cancelAtPeriodEnd
        ? t('account.status.ending', { date: date(m.currentPeriodEnd) })
        : t('account.status.active', { date: date(m.currentPeriodEnd) })
    case 'trialing':
      return m.currentPeriodEnd
        ? t('account.status.trialing', { date: date(m.currentPeriodEnd) })
        : t('account.status.activeNoDate')
    case 'past_due':
    case 'unpaid':
      return t('account.status.pastDue')
    case 'none':
    case 'incomplete':
      return m.entitlements.includes('vote') ? t('account.status.activeNoDate') : t('account.status.none')
    case 'canceled':
      return t('account.status.canceled')
    default:
      return t('account.status.other')
  }
}

/** The membership as Portal and Memberful show it: plan, price, since when, renewal or end. */
function MembershipFacts(props: { page: PageContext; member: MyMembership }) {
  const { page, member } = props
  const { t, date, month } = page.i18n
  const price = member.price && member.price.amount !== null ? (member.price as PriceView) : null
  const end = member.currentPeriodEnd && member.status !== 'canceled' ? member.currentPeriodEnd : null
  return (
    <dl class="facts membership-facts">
      {member.tierName ? (
        <>
          <dt>{t('account.facts.plan')}</dt>
          <dd>{member.tierName}</dd>
        </>
      ) : null}
      {price ? (
        <>
          <dt>{t('account.facts.price')}</dt>
          <dd>{priceLabel(page.i18n, price)}</dd>
        </>
      ) : null}
      {member.since && member.status !== 'none' ? (
        <>
          <dt>{t('account.facts.since')}</dt>
          <dd>{month(member.since)}</dd>
        </>
      ) : null}
      {end ? (
        <>
          <dt>{t(member.cancelAtPeriodEnd ? 'account.facts.ends' : 'account.facts.renews')}</dt>
          <dd>{date(end)}</dd>
        </>
      ) : null}
    </dl>
  )
}

function AccountBody(props: {
  page: PageContext
  member: MyMembership
  preferences: MailPreferences
  saved: boolean
  gift: Awaited<ReturnType<typeof giftForAccount>>
}) {
  const { page, member } = props
  const { t } = page.i18n
  const hasBilling = member.status !== 'none'
  return (
    <section class="stack narrow">
      <h1>{t('account.title')}</h1>
      {member.pastDue ? <PastDueBanner page={page} membership={member} /> : null}
      <div class="card stack">
        <p class="status-line">
          <strong>{statusLine(page, member)}</strong>
        </p>
        <MembershipFacts page={page} member={member} />
        {props.gift ? (
          <p>{t('account.gift', { tier: props.gift.tierName, date: page.i18n.date(props.gift.endsAt) })}</p>
        ) : null}
        {member.entitlements.includes('vote') ? (
          <p>
            <a class="button" href="/rounds">
              {t('account.vote')}
            </a>
          </p>
        ) : null}
        {hasBilling ? (
          <div class="stack">
            <p class="muted">{t('account.billingHint')}</p>
            <BillingForm page={page} label={t('account.manageBilling')} />
          </div>
        ) : (
          <p>
            <a class="button" href="/">
              {t('account.becomePatron')}
            </a>
          </p>
        )}
      </div>
      {props.saved ? (
        <p class="banner" role="status">
          {t('account.mail.saved')}
        </p>
      ) : null}
      <MailPreferencesForm page={page} preferences={props.preferences} />
      {/* The header has "Sign out" and the footer who is signed in: here only signing out everywhere. */}
      <form method="post" action="/logout/everywhere" class="stack">
        <h2>{t('account.session')}</h2>
        <CsrfField page={page} />
        <p class="muted">{t('account.signOutEverywhereHint')}</p>
        <button type="submit" class="secondary">
          {t('account.signOutEverywhere')}
        </button>
      </form>
    </section>
  )
}

export function registerAccountPages(pages: Pages, deps: Deps): void {
  pages.get('/account', async ({ req, res, page }) => {
    const session = requirePage(page, 'patron')
    const [member, preferences, gift] = await Promise.all([
      myMembership(deps.db, session.auth.sub, page.i18n.locale),
      mailPreferences(deps.db, session.auth.sub),
      giftForAccount(deps.db, session.auth.sub, page.i18n.locale),
    ])
    renderPage(
      res,
      page,
      { title: page.i18n.t('account.title') },
      <AccountBody
        page={page}
        member={member}
        preferences={preferences!}
        saved={req.query.saved === 'mail'}
        gift={gift}
      />,
    )
  })

  pages.post('/account/billing', async ({ res, page }) => {
    const session = requirePage(page, 'patron')
    try {
      const { url } = await billingPortal(deps, session.auth.sub, `${deps.config.publicUrl}/account`)
      res.redirect(303, url)
    } catch (err) {
      // No Stripe customer yet: there is nothing to manage, only a membership to start.
      if (refusedWith(err, 'no-billing-account')) return res.redirect(303, '/')
      throw err
    }
  })
}
