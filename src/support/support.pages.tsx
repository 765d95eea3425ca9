import type { Response } from 'express'
import { z } from 'zod'
import { tokenShape } from '../accounts/secrets.js'
import { endWebSession } from '../accounts/web-sessions.js'
import type { Deps } from '../deps.js'
import { Problem } from '../http/problems.js'
import { email, id } from '../http/schemas.js'
import { minorUnits, typedAmount } from '../web/amount.js'
import type { PageContext } from '../web/context.js'
import { type FieldErrors, formValues, parseForm } from '../web/forms.js'
import { type Pages, setSessionCookie } from '../web/pages.js'
import { refusalErrors } from '../web/refusals.js'
import { renderPage } from '../web/render.js'
import { fromLocalInput } from '../web/zoned-time.js'
import { startContribution, startGift } from './checkout.service.js'
import { peekGift, startGiftFromLink } from './gifts.service.js'
import { GIFT_MONTHS } from './offer.js'
import { giftMessage } from './support.routes.js'
import { supportOffer } from './support.service.js'
import { type FormState, GiftStartBody, SupportBody } from './support.view.js'

const contributeForm = z.object({
  choice: z.string().max(40).optional(),
  amount: typedAmount.optional(),
  currency: z.string().max(3).optional(),
  email,
})
const giftForm = z.object({
  gift: z.string().max(60).optional(),
  tier: id.optional(),
  months: z.coerce.number().int().optional(),
  recipientEmail: email,
  purchaserEmail: email,
  message: giftMessage.optional(),
  sendAt: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
})

/** /support or /gift, with forms shown again (their errors and what was typed) after a refusal. */
async function show(
  deps: Deps,
  page: PageContext,
  res: Response,
  which: 'support' | 'gift',
  forms: { contribute?: FormState; gift?: FormState } = {},
  thanks = false,
) {
  const offer = await supportOffer(deps.db, deps.config, page.i18n.locale)
  const t = page.i18n.t
  const status = forms.contribute?.status ?? forms.gift?.status ?? 200
  const title = which === 'gift' ? t('support.gift.heading') : t('support.title')
  renderPage(
    res,
    page,
    { title, status },
    <SupportBody page={page} offer={offer} which={which} forms={forms} thanks={thanks} title={title} />,
  )
}

export function registerSupportPages(pages: Pages, deps: Deps): void {
  pages.get('/support', ({ req, res, page }) =>
    show(deps, page, res, 'support', {}, req.query.thanks === '1'),
  )
  pages.get('/gift', ({ req, res, page }) => show(deps, page, res, 'gift', {}, req.query.thanks === '1'))
  registerContributionForm(pages, deps)
  registerGiftForm(pages, deps)
  registerGiftStartPages(pages, deps)
}

function registerContributionForm(pages: Pages, deps: Deps): void {
  pages.post('/support/contribute', async ({ req, res, page }) => {
    const t = page.i18n.t
    const offer = await supportOffer(deps.db, deps.config)
    const bounds = {
      min: page.i18n.money(offer.contributions.minAmount, offer.contributions.currencies[0] ?? 'eur'),
      max: page.i18n.money(offer.contributions.maxAmount, offer.contributions.currencies[0] ?? 'eur'),
    }
    const again = (errors: FieldErrors, status = 400) =>
      show(deps, page, res, 'support', { contribute: { errors, values: formValues(req.body), status } })
    const form = parseForm(contributeForm, req.body, page.i18n)
    if (!form.ok) return again(form.errors)
    const chosen = choiceOf(form.data, offer.contributions.currencies[0])
    if (!chosen) return again({ amount: t('support.once.invalid', bounds) })
    try {
      const started = await startContribution(deps, {
        ...chosen,
        email: form.data.email,
        locale: page.i18n.locale,
        ip: req.ip ?? null,
      })
      res.redirect(303, started.url ?? '/support')
    } catch (err) {
      const errors = refusalErrors(err, page.i18n)
      if (!errors) throw err
      // An amount or currency refused: say the bounds, as the form's own check does.
      if (errors.amount) errors.amount = t('support.once.invalid', bounds)
      return again(errors, (err as Problem).status)
    }
  })
}

function registerGiftForm(pages: Pages, deps: Deps): void {
  pages.post('/gift', async ({ req, res, page }) => {
    const t = page.i18n.t
    const again = (errors: FieldErrors, status = 400) =>
      show(deps, page, res, 'gift', { gift: { errors, values: formValues(req.body), status } })
    const form = parseForm(giftForm, req.body, page.i18n)
    if (!form.ok) return again(form.errors)
    const [tierId, months] = form.data.gift?.split(':') ?? [form.data.tier, String(form.data.months)]
    const monthsN = Number(months)
    if (!tierId || !id.safeParse(tierId).success || !(GIFT_MONTHS as readonly number[]).includes(monthsN)) {
      return again({ gift: t('support.gift.choose') })
    }
    // A day, in the newsroom's time zone: sent at 9:00 that day, at once when that has passed today.
    const zone = deps.config.site.timeZone
    const sendAt = form.data.sendAt ? fromLocalInput(`${form.data.sendAt}T09:00`, zone) : undefined
    const dayEnd = form.data.sendAt ? fromLocalInput(`${form.data.sendAt}T23:59`, zone) : undefined
    if (form.data.sendAt && (!sendAt || !dayEnd || dayEnd.getTime() < Date.now())) {
      return again({ sendAt: t('support.gift.badDate') })
    }
    try {
      const started = await startGift(deps, {
        purchaserEmail: form.data.purchaserEmail,
        recipientEmail: form.data.recipientEmail,
        tierId,
        months: monthsN as 1 | 3 | 6 | 12,
        message: form.data.message,
        // A day that has begun (or 9:00 that has passed) means now.
        sendAt: sendAt && sendAt.getTime() > Date.now() ? sendAt : undefined,
        locale: page.i18n.locale,
        ip: req.ip ?? null,
      })
      res.redirect(303, started.url ?? '/gift')
    } catch (err) {
      const errors = refusalErrors(err, page.i18n)
      if (!errors) throw err
      return again(errors, (err as Problem).status)
    }
  })
}

/** The gift mail's link: a GET shows the gift and a button, the post uses the token and starts it. */
function registerGiftStartPages(pages: Pages, deps: Deps): void {
  pages.get('/gift/start', async ({ req, res, page }) => {
    // Mail scanners open links: a GET only shows the gift and the button; the POST uses the token.
    const token = tokenShape.safeParse(req.query.token)
    const gift = token.success ? await peekGift(deps.db, token.data) : undefined
    renderPage(
      res,
      page,
      { title: page.i18n.t('gift.start.title'), status: gift ? 200 : 400 },
      <GiftStartBody page={page} gift={gift} token={token.success ? token.data : ''} />,
    )
  })

  pages.post('/gift/start', async ({ req, res, page }) => {
    const token = tokenShape.safeParse((req.body as { token?: unknown }).token)
    const failed = (live: boolean) =>
      renderPage(
        res,
        page,
        { title: page.i18n.t('gift.start.title'), status: live ? 409 : 400 },
        <GiftStartBody page={page} gift={undefined} token="" live={live} />,
      )
    if (!token.success) return failed(false)
    try {
      const session = await startGiftFromLink(deps, token.data)
      if (page.session) await endWebSession(deps.db, page.session)
      setSessionCookie(res, deps.config.publicUrl, session.refreshToken)
      res.redirect(303, '/account')
    } catch (err) {
      if (
        err instanceof Problem &&
        (err.code === 'gift-recipient-live' || err.code === 'gift-link-invalid')
      ) {
        return failed(err.code === 'gift-recipient-live')
      }
      throw err
    }
  })
}

/** The amount and currency of the contribution form: a preset ("eur:500") or the reader's own. */
function choiceOf(
  data: z.infer<typeof contributeForm>,
  firstCurrency: string | undefined,
): { amount: number; currency: string } | undefined {
  const preset = /^([a-z]{3}):(\d{1,9})$/.exec(data.choice ?? '')
  if (preset) return { currency: preset[1]!, amount: Number(preset[2]) }
  const currency = (data.currency ?? firstCurrency ?? '').toLowerCase()
  if (!/^[a-z]{3}$/.test(currency) || !data.amount) return undefined
  const amount = minorUnits(data.amount, currency)
  return amount === undefined ? undefined : { amount, currency }
}
