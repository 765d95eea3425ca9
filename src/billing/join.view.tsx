import type { PublicRound } from '../voting/public-round.js'
import type { PageContext } from '../web/context.js'
import { CsrfField, type FieldErrors, TextField } from '../web/forms.js'
import { appealOf } from '../web/newsroom.js'
import { monthlyOf, type PriceView, priceLabel } from '../web/prices.js'
import { OpenRoundsTeaser, PatronHome } from './home.view.js'
import type { MyMembership } from './my-membership.js'
import type { tiersView } from './tiers.service.js'

export type Tier = Awaited<ReturnType<typeof tiersView>>[number]

export function TierCard(props: { page: PageContext; tier: Tier }) {
  const { i18n } = props.page
  const prices = [...props.tier.prices].sort((a, b) =>
    a.interval === b.interval ? 0 : a.interval === 'month' ? -1 : 1,
  )
  return (
    <li class="card tier">
      <h3>{props.tier.name}</h3>
      {props.tier.description ? <p>{props.tier.description}</p> : null}
      <ul class="price-list">
        {prices.map((p) => {
          const label = priceLabel(i18n, p as PriceView, monthlyOf(prices as PriceView[], p.currency))
          return (
            <li key={p.id} class="price-row">
              <span class="price">{label}</span>
              <a
                class="button"
                href={`/join?price=${p.id}`}
                aria-label={i18n.t('home.becomePatronFor', { price: label })}
              >
                {i18n.t('home.title')}
              </a>
            </li>
          )
        })}
      </ul>
    </li>
  )
}

export function HomeBody(props: {
  page: PageContext
  tiers: Tier[]
  rounds: PublicRound[]
  membership?: MyMembership | undefined
  /** Whether /support offers anything (else the home does not lead there). */
  supportOffered: boolean
}) {
  const { page, tiers, rounds, membership } = props
  const t = page.i18n.t
  // A patron (even one whose payment failed) is not asked to become one.
  if (membership && (membership.isPatron || membership.pastDue)) {
    return (
      <>
        <PatronHome page={page} membership={membership} />
        <OpenRoundsTeaser page={page} rounds={rounds} />
      </>
    )
  }
  return (
    <>
      <section class="stack">
        <h1>{t('home.title')}</h1>
        <p class="lead">
          {appealOf(page.newsroom, page.i18n.locale) ?? t('home.appeal', { name: page.newsroom.name })}
        </p>
      </section>
      <section class="stack section" aria-labelledby="tiers-heading">
        <h2 id="tiers-heading">{t('home.tiersHeading')}</h2>
        {tiers.length === 0 ? (
          <p>{t('home.noTiers')}</p>
        ) : (
          <ul class="cards">
            {tiers.map((tier) => (
              <TierCard key={tier.id} page={page} tier={tier} />
            ))}
          </ul>
        )}
        <p class="muted">{t('home.cancelNote')}</p>
        {props.supportOffered ? (
          <p>
            <a href="/support">{t('home.otherWays')}</a>
          </p>
        ) : null}
      </section>
      <OpenRoundsTeaser page={page} rounds={rounds} />
      {page.session ? null : (
        <p class="section">
          {t('home.alreadyPatron')} <a href="/login">{t('site.signIn')}</a>
        </p>
      )}
    </>
  )
}

export function JoinBody(props: {
  page: PageContext
  tier: Tier
  price: PriceView
  value?: string | undefined
  amount?: string | undefined
  errors?: FieldErrors
}) {
  const { page, tier, price } = props
  const t = page.i18n.t
  const label = priceLabel(page.i18n, price, monthlyOf(tier.prices as PriceView[], price.currency))
  // A signed-in patron has nothing to type: one button, posted, starts Checkout.
  const signedIn = page.session?.auth.role === 'patron'
  return (
    <section class="stack narrow">
      <h1>{t('join.title')}</h1>
      <p>{t('join.chosen', { tier: tier.name, price: label })}</p>
      <form method="post" action="/join" noValidate>
        <CsrfField page={page} />
        <input type="hidden" name="price" value={price.id} />
        {signedIn ? (
          <p>{t('join.signedInAs', { email: page.session!.email })}</p>
        ) : (
          <TextField
            name="email"
            type="email"
            label={t('join.email')}
            hint={t('join.emailHint')}
            value={props.value}
            error={props.errors?.email}
            autocomplete="email"
            autofocus={Boolean(props.errors?.email)}
            required
            maxLength={254}
          />
        )}
        <TextField
          name="amount"
          label={t('join.giveMore', { currency: price.currency.toUpperCase() })}
          hint={t('join.giveMoreHint', { price: page.i18n.money(price.amount, price.currency) })}
          value={props.amount}
          error={props.errors?.amount}
          autofocus={Boolean(props.errors?.amount) && !props.errors?.email}
          maxLength={20}
        />
        <p class="muted">{t('join.stripeNote')}</p>
        <button type="submit" class="primary">
          {t(signedIn ? 'join.submit' : 'join.mailLink')}
        </button>
      </form>
      <p>
        <a href="/">{t('join.choose')}</a>
      </p>
    </section>
  )
}

export function NoPriceBody(props: { page: PageContext }) {
  const t = props.page.i18n.t
  return (
    <section class="stack narrow">
      <h1>{t('join.title')}</h1>
      <p>{t('join.noPrice')}</p>
      <p>
        <a class="button" href="/">
          {t('join.choose')}
        </a>
      </p>
    </section>
  )
}

export function MessageBody(props: { title: string; body: string; link?: { href: string; text: string } }) {
  return (
    <section class="stack narrow">
      <h1>{props.title}</h1>
      <p>{props.body}</p>
      {props.link ? (
        <p>
          <a class="button" href={props.link.href}>
            {props.link.text}
          </a>
        </p>
      ) : null}
    </section>
  )
}
