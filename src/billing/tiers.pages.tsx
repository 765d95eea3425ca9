import type { Response } from 'express'
import { z } from 'zod'
import type { Deps } from '../deps.js'
import { notFound } from '../http/problems.js'
import { id } from '../http/schemas.js'
import { EDITORS, Notice, renderAdminPage } from '../web/admin-frame.js'
import type { PageContext } from '../web/context.js'
import { formKey } from '../web/form-key.js'
import { type FieldErrors, formValues, parseForm } from '../web/forms.js'
import { requirePage } from '../web/guard.js'
import type { Pages } from '../web/pages.js'
import { refusalErrors } from '../web/refusals.js'
import { issueField, translationsFromForm } from '../web/translation-fields.js'
import { patronCountsByTier } from './tiers.repository.js'
import { tierCreateBody, tierPatchBody, tierTranslations } from './tiers.routes.js'
import { createTier, editTier, tiersView } from './tiers.service.js'
import { NewTierForm, TierCard, type TierFormState } from './tiers.view.js'

const idParam = z.object({ id })
/** Staff type prices in major units ("5" or "4.50"); the API takes minor units. */
const majorAmount = z.string().regex(/^\d{1,7}([.,]\d{1,2})?$/)
const newTierForm = z.object({
  name: z.string(),
  description: z.string().optional(),
  currency: z.string(),
  monthly: majorAmount.optional(),
  yearly: majorAmount.optional(),
  key: formKey,
})
const editTierForm = tierPatchBody.pick({ name: true, description: true })
const TRANSLATED = ['name', 'description']

const toMinor = (major: string | undefined) =>
  major === undefined ? undefined : Math.round(Number(major.replace(',', '.')) * 100)

type FormState = TierFormState

async function show(deps: Deps, page: PageContext, res: Response, query: unknown, form?: FormState) {
  const { db } = deps
  requirePage(page, EDITORS)
  const [tiers, patrons] = await Promise.all([tiersView(db, 'all', true), patronCountsByTier(db)])
  const { i18n } = page
  const t = i18n.t
  renderAdminPage(
    res,
    page,
    { title: t('admin.tiers.title'), current: '/admin/tiers', status: form ? 400 : 200 },
    <>
      <Notice page={page} query={query} />
      {!deps.stripe ? <p class="banner warn">{t('admin.tiers.noStripe')}</p> : null}
      {tiers.length === 0 ? <p class="muted">{t('admin.tiers.none')}</p> : null}
      <ul class="cards">
        {tiers.map((tier) => (
          <TierCard key={tier.id} page={page} tier={tier} patrons={patrons.get(tier.id) ?? 0} form={form} />
        ))}
      </ul>
      <NewTierForm page={page} form={form} />
    </>,
  )
}

export function registerTierPages(pages: Pages, deps: Deps): void {
  pages.get('/admin/tiers', ({ req, res, page }) => show(deps, page, res, req.query))

  pages.post('/admin/tiers', async ({ req, res, page }) => {
    requirePage(page, EDITORS)
    const form = parseForm(newTierForm, req.body, page.i18n)
    if (!form.ok) return show(deps, page, res, {}, form)
    const input = tierCreateBody.safeParse({
      name: form.data.name,
      description: form.data.description,
      currency: form.data.currency.toLowerCase(),
      monthlyAmount: toMinor(form.data.monthly),
      yearlyAmount: toMinor(form.data.yearly),
      translations: translationsFromForm(req.body, TRANSLATED),
    })
    if (!input.success) {
      const errors: FieldErrors = {}
      for (const issue of input.error.issues) {
        const field =
          { monthlyAmount: 'monthly', yearlyAmount: 'yearly' }[String(issue.path[0])] ??
          issueField(issue.path)
        errors[field] ??= page.i18n.t('form.invalid')
      }
      return show(deps, page, res, {}, { errors, values: formValues(req.body) })
    }
    try {
      // The form's own key: a double submit or a retry creates one tier, not two.
      await createTier(deps, input.data, `page:${form.data.key}`)
    } catch (err) {
      const errors = refusalErrors(err, page.i18n)
      if (!errors) throw err
      return show(deps, page, res, {}, { errors, values: formValues(req.body) })
    }
    res.redirect(303, '/admin/tiers?done=tier-created')
  })

  pages.post('/admin/tiers/:id', async ({ req, res, page }) => {
    requirePage(page, EDITORS)
    const params = idParam.safeParse(req.params)
    if (!params.success) throw notFound()
    const form = parseForm(editTierForm, req.body, page.i18n)
    if (!form.ok) return show(deps, page, res, {}, { ...form, tierId: params.data.id })
    const translations = tierTranslations.safeParse(translationsFromForm(req.body, TRANSLATED))
    if (!translations.success) {
      const errors: FieldErrors = {}
      for (const issue of translations.error.issues) {
        errors[issueField(['translations', ...issue.path])] ??=
          issue.code === 'too_big'
            ? page.i18n.t('form.tooLong', { max: Number(issue.maximum) })
            : page.i18n.t('form.invalid')
      }
      return show(deps, page, res, {}, { errors, values: formValues(req.body), tierId: params.data.id })
    }
    try {
      await editTier(deps, params.data.id, {
        name: form.data.name,
        description: form.data.description ?? null,
        translations: translations.data,
      })
    } catch (err) {
      const errors = refusalErrors(err, page.i18n)
      if (!errors) throw err
      return show(deps, page, res, {}, { errors, values: formValues(req.body), tierId: params.data.id })
    }
    res.redirect(303, '/admin/tiers?done=saved')
  })

  for (const [action, active] of [
    ['archive', false],
    ['restore', true],
  ] as const) {
    pages.post(`/admin/tiers/:id/${action}`, async ({ req, res, page }) => {
      requirePage(page, EDITORS)
      const params = idParam.safeParse(req.params)
      if (!params.success) throw notFound()
      await editTier(deps, params.data.id, { active })
      res.redirect(303, `/admin/tiers?done=tier-${action}d`)
    })
  }
}
