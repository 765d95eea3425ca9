import type { Request, Response } from 'express'
import { z } from 'zod'
import { redeemCheckoutSession } from '../accounts/auth.service.js'
import type { Deps } from '../deps.js'
import { Problem } from '../http/problems.js'
import { email, id } from '../http/schemas.js'
import { openRoundTeaser } from '../voting/public-round.js'
import { minorUnits, typedAmount } from '../web/amount.js'
import type { PageContext } from '../web/context.js'
import { cookieOptions, readCookies } from '../web/cookies.js'
import { CsrfField, type FieldErrors, formValues, parseForm, TextField } from '../web/forms.js'
import { type Pages, setSessionCookie } from '../web/pages.js'
import { monthlyOf, type PriceView, priceLabel } from '../web/prices.js'
import { renderPage } from '../web/render.js'
import { startCheckout } from './checkout.service.js'
import { tiersView } from './tiers.service.js'

type Tier = Awaited<ReturnType<typeof tiersView>>[number]

/** The browser that started a Checkout keeps its claim token here until it comes back. */
const CLAIM_COOKIE = 'patronage_checkout_claim'
const joinForm = z.object({ email, price: id, amount: typedAmount.optional() })
const successQuery = z.object({
  session_id: z
    .string()
    .max(255)
    .regex(/^cs_[A-Za-z0-9_]+$/),
})

function findPrice(tiers: Tier[], priceId: unknown) {
  for (const tier of tiers) {
    const price = tier.prices.find((p) => p.id === priceId)
    if (price) return { tier, price }
  }
  return undefined
}

/**
 * The one place pages start a Checkout: the claim token waits in a cookie for /checkout/success;
 * Stripe has no Ukrainian, so Checkout gets English then.
 */
async function beginCheckout(
  deps: Deps,
  req: Request,
  res: Response,
  page: PageContext,
  input: { email?: string; memberId?: string; priceId: string; amount?: number | undefined },
) {
  const started = await startCheckout(deps, { ...input, locale: page.i18n.locale, ip: req.ip ?? null })
  res.cookie(CLAIM_COOKIE, started.claimToken, cookieOptions(deps.config.publicUrl, 86_400_000))
  if (!started.url) throw new Error('Stripe returned a Checkout Session without a URL')
  res.redirect(303, started.url)
}

/** The one place pages redeem a Checkout, with the claim of the browser that started it. */
function finishCheckout(deps: Deps, checkoutSessionId: string, claimToken: string | undefined) {
  return redeemCheckoutSession(deps, { checkoutSessionId, claimToken: claimToken ?? '' })
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
  round: Awaited<ReturnType<typeof openRoundTeaser>>['round']
}) {
  const { page, tiers, round } = props
  const t = page.i18n.t
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
        <p>
          <a href="/support">{t('home.otherWays')}</a>
        </p>
      </section>
      {round && round.topics.length > 0 ? (
        <section class="stack section teaser" aria-labelledby="teaser-heading">
          <h2 id="teaser-heading">{t('home.teaserHeading')}</h2>
          <ul class="teaser-list">
            {round.topics.slice(0, 5).map((topic) => (
              <li key={topic.id}>{topic.title}</li>
            ))}
          </ul>
          <p>
            <a href={`/rounds/${round.id}`}>{t('home.teaserLink')}</a>
          </p>
        </section>
      ) : null}
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
  amount?: string | undefined
  errors?: FieldErrors
}) {
  const { page, tier, price } = props
  const t = page.i18n.t
  const label = priceLabel(page.i18n, price, monthlyOf(tier.prices as PriceView[], price.currency))
  return (
    <section class="stack narrow">
      <h1>{t('join.title')}</h1>
      <p>{t('join.chosen', { tier: tier.name, price: label })}</p>
      <form method="post" action="/join" noValidate>
        <CsrfField page={page} />
        <input type="hidden" name="price" value={price.id} />
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
          {t('join.submit')}
        </button>
      </form>
      {props.errors?.email === t('join.alreadyLive') ? (
        <p>
          <a href="/login?next=/account">{t('site.signIn')}</a>
        </p>
      ) : null}
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

function MessageBody(props: { title: string; body: string; link?: { href: string; text: string } }) {
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

const isConflict = (err: unknown) => err instanceof Problem && err.status === 409

export function registerJoinPages(pages: Pages, deps: Deps): void {
  pages.get('/', async ({ res, page }) => {
    const [tiers, teaser] = await Promise.all([tiersView(deps.db, 'active', false), openRoundTeaser(deps.db)])
    renderPage(
      res,
      page,
      { title: page.i18n.t('home.title') },
      <HomeBody page={page} tiers={tiers} round={teaser.round} />,
    )
  })

  pages.get('/join', async ({ req, res, page }) => {
    const found = findPrice(await tiersView(deps.db, 'active', false), req.query.price)
    if (!found) {
      return renderPage(
        res,
        page,
        { title: page.i18n.t('join.title'), status: 404 },
        <NoPriceBody page={page} />,
      )
    }
    const session = page.session
    if (session?.auth.role === 'patron') {
      try {
        return await beginCheckout(deps, req, res, page, {
          memberId: session.auth.sub,
          priceId: found.price.id,
        })
      } catch (err) {
        if (isConflict(err)) return res.redirect(303, '/account')
        throw err
      }
    }
    renderPage(
      res,
      page,
      { title: page.i18n.t('join.title') },
      <JoinBody page={page} tier={found.tier} price={found.price as PriceView} />,
    )
  })

  pages.post('/join', async ({ req, res, page }) => {
    const found = findPrice(await tiersView(deps.db, 'active', false), (req.body as { price?: string }).price)
    if (!found) {
      return renderPage(
        res,
        page,
        { title: page.i18n.t('join.title'), status: 404 },
        <NoPriceBody page={page} />,
      )
    }
    const form = parseForm(joinForm, req.body, page.i18n)
    const typed = formValues(req.body).amount
    const again = (status: number, errors: FieldErrors, value: string | undefined) =>
      renderPage(
        res,
        page,
        { title: page.i18n.t('join.title'), status },
        <JoinBody
          page={page}
          tier={found.tier}
          price={found.price as PriceView}
          value={value}
          amount={typed}
          errors={errors}
        />,
      )
    if (!form.ok) return again(400, form.errors, form.values.email)
    const amount =
      form.data.amount === undefined ? undefined : minorUnits(form.data.amount, found.price.currency)
    const tooLow = page.i18n.t('join.giveMoreInvalid', {
      price: page.i18n.money(found.price.amount, found.price.currency),
    })
    if (form.data.amount !== undefined && amount === undefined)
      return again(400, { amount: tooLow }, form.data.email)
    try {
      await beginCheckout(deps, req, res, page, { email: form.data.email, priceId: found.price.id, amount })
    } catch (err) {
      if (isConflict(err)) return again(409, { email: page.i18n.t('join.alreadyLive') }, form.data.email)
      if (err instanceof Problem && err.slug === 'validation')
        return again(400, { amount: tooLow }, form.data.email)
      throw err
    }
  })

  pages.get('/checkout/success', async ({ req, res, page }) => {
    const t = page.i18n.t
    const query = successQuery.safeParse(req.query)
    const claim = readCookies(req)[CLAIM_COOKIE]
    let signedIn = page.session?.auth.role === 'patron'
    let mailed = false
    if (query.success) {
      try {
        const tokens = await finishCheckout(deps, query.data.session_id, claim)
        setSessionCookie(res, deps.config.publicUrl, tokens.refreshToken)
        res.clearCookie(CLAIM_COOKIE, cookieOptions(deps.config.publicUrl))
        signedIn = true
      } catch (err) {
        if (!(err instanceof Problem) || ![401, 403].includes(err.status)) throw err
        mailed = err.slug === 'email-verification-required'
      }
    }
    if (signedIn) {
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
    if (mailed) {
      return renderPage(
        res,
        page,
        { title: t('checkout.mailed.title') },
        <MessageBody title={t('checkout.mailed.title')} body={t('checkout.mailed.body')} />,
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
