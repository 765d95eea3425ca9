import type { Deps } from '../deps.js'
import { refusedWith } from '../http/problems.js'
import { type MailPreferences, mailPreferences } from '../mail/preferences.js'
import { MailPreferencesForm } from '../mail/preferences.pages.js'
import { giftForAccount } from '../support/gifts.service.js'
import type { PageContext } from '../web/context.js'
import { CsrfField } from '../web/forms.js'
import { requirePage } from '../web/guard.js'
import type { Pages } from '../web/pages.js'
import { renderPage } from '../web/render.js'
import { billingPortal, memberView } from './members.service.js'

type Member = Awaited<ReturnType<typeof memberView>>

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

function BillingForm(props: { page: PageContext; label: string; primary?: boolean }) {
  return (
    <form method="post" action="/account/billing">
      <CsrfField page={props.page} />
      <button type="submit" class={props.primary ? 'primary' : 'secondary'}>
        {props.label}
      </button>
    </form>
  )
}

function AccountBody(props: {
  page: PageContext
  member: Member
  preferences: MailPreferences
  saved: boolean
  gift: Awaited<ReturnType<typeof giftForAccount>>
}) {
  const { page, member } = props
  const { t, date } = page.i18n
  const pastDue = member.status === 'past_due' || member.status === 'unpaid'
  const hasBilling = member.status !== 'none'
  return (
    <section class="stack narrow">
      <h1>{t('account.title')}</h1>
      {pastDue ? (
        <div class="banner warn" role="alert">
          <p>
            <strong>{t('account.status.pastDue')}</strong>
          </p>
          <p>
            {member.graceUntil
              ? t('account.grace', { date: date(member.graceUntil) })
              : t('account.graceOver')}
          </p>
          <BillingForm page={page} label={t('account.fixPayment')} primary />
        </div>
      ) : null}
      <div class="card stack">
        <p class="status-line">
          <strong>{statusLine(page, member)}</strong>
        </p>
        {member.tier ? <p>{t('account.tier', { tier: member.tier.name })}</p> : null}
        {props.gift ? (
          <p>{t('account.gift', { tier: props.gift.tierName, date: date(props.gift.endsAt) })}</p>
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
      <p class="muted">{t('account.signedInAs', { email: member.email })}</p>
      <form method="post" action="/logout">
        <CsrfField page={page} />
        <button type="submit" class="secondary">
          {t('site.signOut')}
        </button>
      </form>
      <form method="post" action="/logout/everywhere" class="stack">
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
      memberView(deps.db, session.auth.sub),
      mailPreferences(deps.db, session.auth.sub),
      giftForAccount(deps.db, session.auth.sub),
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
