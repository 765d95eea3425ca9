import type { Request, Response } from 'express'
import { z } from 'zod'
import type { Deps } from '../deps.js'
import { Problem } from '../http/problems.js'
import { email } from '../http/schemas.js'
import { offersAny, supportOffer } from '../support/support.service.js'
import { openRoundsToShow } from '../voting/public-round.js'
import { minorUnits } from '../web/amount.js'
import type { PageContext } from '../web/context.js'
import { type FieldErrors, formValues, parseForm } from '../web/forms.js'
import { localized } from '../web/localized.js'
import type { Pages } from '../web/pages.js'
import type { PriceView } from '../web/prices.js'
import { renderPage } from '../web/render.js'
import { payMoreAllowed, startCheckout } from './checkout.service.js'
import { registerCheckoutReturnPages } from './checkout-return.pages.js'
import { HomeBody, JoinBody, NoPriceBody, type Tier } from './join.view.js'
import { requestJoinLink } from './join-link.js'
import { myMembership } from './my-membership.js'
import { tiersView } from './tiers.service.js'

const joinForm = z.object({ email })

export function findPrice(tiers: Tier[], priceId: unknown) {
  for (const tier of tiers) {
    const price = tier.prices.find((p) => p.id === priceId)
    if (price) return { tier, price }
  }
  return undefined
}

/**
 * Pay what you want: the amount a reader typed in "I'd like to give more" (major units) as minor
 * units, from the price's own up to CONTRIBUTION_MAX_AMOUNT; `null` when it is none of that. Empty: the
 * price's own (undefined).
 */
export function raisedAmount(
  typed: unknown,
  price: { amount: number; currency: string },
  max: number,
): number | undefined | null {
  if (typed === undefined || (typeof typed === 'string' && typed.trim() === '')) return undefined
  const amount = typeof typed === 'string' ? minorUnits(typed, price.currency) : undefined
  return amount !== undefined && payMoreAllowed(amount, price, max) ? amount : null
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
  input: { memberId: string; priceId: string; amount?: number | undefined },
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

export function registerJoinPages(pages: Pages, deps: Deps): void {
  pages.get('/', async ({ res, page }) => {
    const { locale } = page.i18n
    const memberId = page.session?.auth.role === 'patron' ? page.session.auth.sub : undefined
    const [tiers, rounds, membership, support] = await Promise.all([
      tiersView(deps.db, 'active', false),
      openRoundsToShow(deps.db, locale),
      memberId ? myMembership(deps.db, memberId, locale) : undefined,
      supportOffer(deps.db, deps.config),
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
        supportOffered={offersAny(support)}
      />,
    )
  })
  registerJoinFormPages(pages, deps)
  registerCheckoutReturnPages(pages, deps)
}

function registerJoinFormPages(pages: Pages, deps: Deps): void {
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
    const typed = formValues(req.body)
    const price = found.price as PriceView
    const again = (errors: FieldErrors) =>
      renderPage(
        res,
        page,
        { title: page.i18n.t('join.title'), status: 400 },
        <JoinBody
          page={page}
          tier={found.tier}
          price={price}
          value={typed.email}
          amount={typed.amount}
          errors={errors}
        />,
      )
    const amount = raisedAmount(typed.amount, price, deps.config.contributionAmount.max)
    const amountError: FieldErrors =
      amount === null
        ? {
            amount: page.i18n.t('join.giveMoreInvalid', {
              price: page.i18n.money(price.amount, price.currency),
            }),
          }
        : {}
    const session = page.session
    if (session?.auth.role === 'patron') {
      if (amount === null) return again(amountError)
      return beginCheckout(deps, req, res, page, { memberId: session.auth.sub, priceId: price.id, amount })
    }
    const form = parseForm(joinForm, req.body, page.i18n)
    if (!form.ok || amount === null) return again({ ...(form.ok ? {} : form.errors), ...amountError })
    const address = form.data.email
    // The same answer for every address: whether it is a patron's is said by mail, to its owner.
    await requestJoinLink(deps, {
      email: address,
      priceId: price.id,
      amount,
      locale: page.i18n.locale,
      ip: req.ip ?? null,
    })
    res.redirect(303, `/join/sent?${new URLSearchParams({ email: address })}`)
  })
}
