import type { Request, Response } from 'express'
import { z } from 'zod'
import type { Deps } from '../deps.js'
import { Problem } from '../http/problems.js'
import { email, id } from '../http/schemas.js'
import { deliverMails } from '../mail/sender.js'
import { openRoundsToShow, openRoundTeaser, type PublicRound } from '../voting/public-round.js'
import type { PageContext } from '../web/context.js'
import { CsrfField, type FieldErrors, parseForm, TextField } from '../web/forms.js'
import { localized } from '../web/localized.js'
import type { Pages } from '../web/pages.js'
import { monthlyOf, type PriceView, priceLabel } from '../web/prices.js'
import { renderPage } from '../web/render.js'
import { startCheckout, syncOwnCheckout } from './checkout.service.js'
import { OpenRoundsTeaser, PatronHome } from './home.view.js'
import { requestJoinLink } from './join-link.js'
import { type MyMembership, myMembership } from './my-membership.js'
import { tiersView } from './tiers.service.js'

type Tier = Awaited<ReturnType<typeof tiersView>>[number]

const joinForm = z.object({ email, price: id })
const successQuery = z.object({
  session_id: z
    .string()
    .max(255)
    .regex(/^cs_[A-Za-z0-9_]+$/),
})

export function findPrice(tiers: Tier[], priceId: unknown) {
  for (const tier of tiers) {
    const price = tier.prices.find((p) => p.id === priceId)
    if (price) return { tier, price }
  }
  return undefined
}

/**
 * The one place pages start a Checkout, always for a signed-in member (a reader who is not signed in
 * proves the address first, through the mailed join link). Stripe has no Ukrainian, so Checkout gets
 * English then. A member whose membership is live already goes to its account.
 */
export async function beginCheckout(
  deps: Deps,
  req: Request,
  res: Response,
  page: PageContext,
  input: { memberId: string; priceId: string },
) {
  try {
    const started = await startCheckout(deps, { ...input, locale: page.i18n.locale, ip: req.ip ?? null })
    if (!started.url) throw new Error('Stripe returned a Checkout Session without a URL')
    res.redirect(303, started.url)
  } catch (err) {
    if (err instanceof Problem && err.code === 'membership-live') return res.redirect(303, '/account')
    throw err
  }
}

function TierCard(props: { page: PageContext; tier: Tier }) {
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

function HomeBody(props: {
  page: PageContext
  tiers: Tier[]
  rounds: PublicRound[]
  membership?: MyMembership
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
        <p class="lead">{t('home.appeal', { name: page.config.site.name })}</p>
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

function JoinBody(props: {
  page: PageContext
  tier: Tier
  price: PriceView
  value?: string | undefined
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

function NoPriceBody(props: { page: PageContext }) {
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

export function registerJoinPages(pages: Pages, deps: Deps): void {
  pages.get('/', async ({ res, page }) => {
    const { locale } = page.i18n
    const memberId = page.session?.auth.role === 'patron' ? page.session.auth.sub : undefined
    const [tiers, rounds, membership] = await Promise.all([
      tiersView(deps.db, 'active', false),
      openRoundsToShow(deps.db, locale),
      memberId ? myMembership(deps.db, memberId, locale) : undefined,
    ])
    const patron = membership?.isPatron || membership?.pastDue
    renderPage(
      res,
      page,
      { title: page.i18n.t(patron ? 'home.patron.title' : 'home.title') },
      <HomeBody
        page={page}
        tiers={tiers.map((tier) => localized(tier, locale))}
        rounds={rounds}
        membership={membership}
      />,
    )
  })

  const noPrice = (res: Response, page: PageContext) =>
    renderPage(res, page, { title: page.i18n.t('join.title'), status: 404 }, <NoPriceBody page={page} />)

  // A GET only shows the form (a link on another site must not start anything); the post does the rest.
  pages.get('/join', async ({ req, res, page }) => {
    const found = findPrice(await tiersView(deps.db, 'active', false), req.query.price)
    if (!found) return noPrice(res, page)
    renderPage(
      res,
      page,
      { title: page.i18n.t('join.title') },
      <JoinBody page={page} tier={found.tier} price={found.price as PriceView} />,
    )
  })

  pages.post('/join', async ({ req, res, page }) => {
    const found = findPrice(await tiersView(deps.db, 'active', false), (req.body as { price?: string }).price)
    if (!found) return noPrice(res, page)
    const session = page.session
    if (session?.auth.role === 'patron') {
      return beginCheckout(deps, req, res, page, { memberId: session.auth.sub, priceId: found.price.id })
    }
    const form = parseForm(joinForm, req.body, page.i18n)
    if (!form.ok) {
      return renderPage(
        res,
        page,
        { title: page.i18n.t('join.title'), status: 400 },
        <JoinBody
          page={page}
          tier={found.tier}
          price={found.price as PriceView}
          value={form.values.email}
          errors={form.errors}
        />,
      )
    }
    // The same answer for every address: whether it is a patron's is said by mail, to its owner.
    await requestJoinLink(deps, {
      email: form.data.email,
      priceId: found.price.id,
      locale: page.i18n.locale,
      ip: req.ip ?? null,
    })
    res.redirect(303, `/join/sent?${new URLSearchParams({ email: form.data.email })}`)
  })

  // The reader comes back from Checkout signed in (the join link or an earlier sign-in did that).
  pages.get('/checkout/success', async ({ req, res, page }) => {
    const t = page.i18n.t
    const query = successQuery.safeParse(req.query)
    if (page.session?.auth.role === 'patron' && query.success) {
      const mailId = await syncOwnCheckout(deps, page.session.auth.sub, query.data.session_id)
      await deliverMails(deps, [mailId])
      const { round } = await openRoundTeaser(deps.db)
      return renderPage(
        res,
        page,
        { title: t('checkout.success.title') },
        <MessageBody
          title={t('checkout.success.title')}
          body={t('checkout.success.body', { name: deps.config.site.name })}
          link={
            round
              ? { href: `/rounds/${round.id}`, text: t('checkout.success.toRound') }
              : { href: '/account', text: t('checkout.success.toAccount') }
          }
        />,
      )
    }
    renderPage(
      res,
      page,
      { title: t('checkout.signIn.title') },
      <MessageBody
        title={t('checkout.signIn.title')}
        body={t('checkout.signIn.body')}
        link={{ href: '/login?next=/account', text: t('site.signIn') }}
      />,
    )
  })

  pages.get('/checkout/cancel', ({ res, page }) => {
    const t = page.i18n.t
    renderPage(
      res,
      page,
      { title: t('checkout.cancel.title') },
      <MessageBody
        title={t('checkout.cancel.title')}
        body={t('checkout.cancel.body')}
        link={{ href: '/', text: t('checkout.cancel.back') }}
      />,
    )
  })
}
