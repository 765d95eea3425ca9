import { z } from 'zod'
import { peekLoginLink, redeemLoginToken } from '../accounts/auth.service.js'
import { tokenShape } from '../accounts/secrets.js'
import { endWebSession } from '../accounts/web-sessions.js'
import type { Deps } from '../deps.js'
import { Problem } from '../http/problems.js'
import { email, id } from '../http/schemas.js'
import type { PageContext } from '../web/context.js'
import { CsrfField } from '../web/forms.js'
import type { Pages } from '../web/pages.js'
import { setSessionCookie } from '../web/pages.js'
import { monthlyOf, type PriceView, priceLabel } from '../web/prices.js'
import { renderPage } from '../web/render.js'
import { payMoreAllowed } from './checkout.service.js'
import { beginCheckout, findPrice } from './join.pages.js'
import { MessageBody } from './join.view.js'
import { tiersView } from './tiers.service.js'

const continueForm = z.object({
  token: tokenShape,
  price: id,
  amount: z
    .string()
    .regex(/^\d{1,9}$/)
    .optional(),
})

function ContinueBody(props: {
  page: PageContext
  token: string
  email: string
  priceId: string
  amount: number | undefined
  tier: string
  label: string
}) {
  const t = props.page.i18n.t
  return (
    <section class="stack narrow">
      <h1>{t('join.title')}</h1>
      <p>{t('join.chosen', { tier: props.tier, price: props.label })}</p>
      <p>{t('join.continue.intro')}</p>
      <form method="post" action="/join/continue">
        <CsrfField page={props.page} />
        <input type="hidden" name="token" value={props.token} />
        <input type="hidden" name="price" value={props.priceId} />
        {props.amount === undefined ? null : (
          <input type="hidden" name="amount" value={String(props.amount)} />
        )}
        <button type="submit" class="primary">
          {t('join.continue.button', { email: props.email })}
        </button>
      </form>
    </section>
  )
}

/** The link's amount (minor units), checked again as the join form checks it; null: not acceptable. */
function linkAmount(typed: unknown, price: { amount: number }, max: number): number | undefined | null {
  if (typed === undefined) return undefined
  const amount = typeof typed === 'string' && /^\d{1,9}$/.test(typed) ? Number(typed) : Number.NaN
  return payMoreAllowed(amount, price, max) ? amount : null
}

/**
 * The join link's pages. Mail scanners open links, so the GET only shows a button; its post uses the
 * token once, signs the reader in (the address is proven, as by a sign-in link: only now is the member
 * made) and starts Checkout for that member.
 */
export function registerJoinLinkPages(pages: Pages, deps: Deps): void {
  const invalid = (res: Parameters<typeof renderPage>[0], page: PageContext) =>
    renderPage(
      res,
      page,
      { title: page.i18n.t('join.title'), status: 400 },
      <MessageBody
        title={page.i18n.t('join.title')}
        body={page.i18n.t('join.continue.invalid')}
        link={{ href: '/', text: page.i18n.t('join.choose') }}
      />,
    )

  pages.get('/join/sent', ({ req, res, page }) => {
    const t = page.i18n.t
    const address = email.safeParse(req.query.email)
    if (!address.success) return res.redirect(303, '/')
    renderPage(
      res,
      page,
      { title: t('login.sent.title') },
      <MessageBody
        title={t('login.sent.title')}
        body={t('join.sent.body', { email: address.data })}
        link={{ href: '/', text: t('join.choose') }}
      />,
    )
  })

  pages.get('/join/continue', async ({ req, res, page }) => {
    const token = tokenShape.safeParse(req.query.token)
    const found = findPrice(await tiersView(deps.db, 'active', false), req.query.price)
    const address = token.success ? await peekLoginLink(deps.db, token.data) : undefined
    const amount = found && linkAmount(req.query.amount, found.price, deps.config.contributionAmount.max)
    if (!token.success || !found || !address || amount === null) return invalid(res, page)
    const price = found.price as PriceView
    renderPage(
      res,
      page,
      { title: page.i18n.t('join.title') },
      <ContinueBody
        page={page}
        token={token.data}
        email={address}
        priceId={price.id}
        amount={amount}
        tier={found.tier.name}
        label={priceLabel(
          page.i18n,
          { ...price, amount: amount ?? price.amount },
          monthlyOf(found.tier.prices as PriceView[], price.currency),
        )}
      />,
    )
  })

  pages.post('/join/continue', async ({ req, res, page }) => {
    const form = continueForm.safeParse(req.body)
    const found = form.success
      ? findPrice(await tiersView(deps.db, 'active', false), form.data.price)
      : undefined
    const amount = found && linkAmount(form.data?.amount, found.price, deps.config.contributionAmount.max)
    if (!form.success || !found || amount === null) return invalid(res, page)
    const tokens = await redeemLoginToken(deps, form.data.token).catch((err: unknown) => {
      if (err instanceof Problem && err.status === 401) return undefined
      throw err
    })
    if (!tokens) return invalid(res, page)
    // This browser's earlier session (perhaps someone else's) ends; the one the link proves begins.
    if (page.session) await endWebSession(deps.db, page.session)
    setSessionCookie(res, deps.config.publicUrl, tokens.refreshToken)
    const claims = deps.tokens.verify(tokens.accessToken)
    if (claims.role !== 'patron') return res.redirect(303, '/admin')
    await beginCheckout(deps, req, res, page, { memberId: claims.sub, priceId: found.price.id, amount })
  })
}
