import type { Request, Response } from 'express'
import { z } from 'zod'
import { redeemCheckoutSession } from '../accounts/auth.service.js'
import type { Deps } from '../deps.js'
import { Problem, refusedWith } from '../http/problems.js'
import { email, id } from '../http/schemas.js'
import { openRoundTeaser } from '../voting/public-round.js'
import type { PageContext } from '../web/context.js'
import { cookieOptions, readCookies } from '../web/cookies.js'
import { type FieldErrors, parseForm } from '../web/forms.js'
import { type Pages, setSessionCookie } from '../web/pages.js'
import type { PriceView } from '../web/prices.js'
import { describeRefusal } from '../web/refusals.js'
import { renderPage } from '../web/render.js'
import { startCheckout } from './checkout.service.js'
import { HomeBody, JoinBody, MessageBody, NoPriceBody, type Tier } from './join.view.js'
import { tiersView } from './tiers.service.js'

/** The browser that started a Checkout keeps its claim token here until it comes back. */
const CLAIM_COOKIE = 'patronage_checkout_claim'
const joinForm = z.object({ email, price: id })
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
  input: { email?: string; memberId?: string; priceId: string },
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

export function registerJoinPages(pages: Pages, deps: Deps): void {
  registerHomeAndJoin(pages, deps)
  registerCheckoutReturn(pages, deps)
}

function registerHomeAndJoin(pages: Pages, deps: Deps): void {
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
        if (refusedWith(err, 'membership-live')) return res.redirect(303, '/account')
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
    const again = (status: number, errors: FieldErrors, value: string | undefined, live = false) =>
      renderPage(
        res,
        page,
        { title: page.i18n.t('join.title'), status },
        <JoinBody
          page={page}
          tier={found.tier}
          price={found.price as PriceView}
          value={value}
          errors={errors}
          live={live}
        />,
      )
    if (!form.ok) return again(400, form.errors, form.values.email)
    try {
      await beginCheckout(deps, req, res, page, { email: form.data.email, priceId: found.price.id })
    } catch (err) {
      if (refusedWith(err, 'membership-live')) {
        const { message } = describeRefusal(err, page.i18n)
        return again(409, { email: message }, form.data.email, true)
      }
      throw err
    }
  })
}

/** Where Stripe Checkout sends the reader back. */
function registerCheckoutReturn(pages: Pages, deps: Deps): void {
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
        mailed = refusedWith(err, 'email-verification-required')
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
