import type { Response } from 'express'
import { z } from 'zod'
import type { Deps } from '../deps.js'
import { notFound } from '../http/problems.js'
import { id } from '../http/schemas.js'
import { AdminFrame, EDITORS, Notice } from '../web/admin-frame.js'
import type { PageContext } from '../web/context.js'
import { FormKeyField, formKey } from '../web/form-key.js'
import { CsrfField, type FieldErrors, formValues, parseForm, TextField } from '../web/forms.js'
import { requirePage } from '../web/guard.js'
import type { I18n } from '../web/i18n/index.js'
import type { Pages } from '../web/pages.js'
import { renderPage } from '../web/render.js'
import { tierCreateBody, tierPatchBody } from './tiers.routes.js'
import { createTier, editTier, tiersView } from './tiers.service.js'

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

const toMinor = (major: string | undefined) =>
  major === undefined ? undefined : Math.round(Number(major.replace(',', '.')) * 100)

type FormState = { errors: FieldErrors; values: Record<string, string> }

export function registerTierPages(pages: Pages, deps: Deps): void {
  const { db } = deps

  const show = async (page: PageContext, res: Response, query: unknown, form?: FormState) => {
    requirePage(page, EDITORS)
    const tiers = await tiersView(db, 'all', true)
    const { i18n } = page
    const t = i18n.t
    renderPage(
      res,
      page,
      { title: t('admin.tiers.title'), wide: true, styles: ['admin.css'], status: form ? 400 : 200 },
      <AdminFrame page={page} title={t('admin.tiers.title')} current="/admin/tiers">
        <Notice page={page} query={query} />
        {!deps.stripe ? <p class="banner warn">{t('admin.tiers.noStripe')}</p> : null}
        {tiers.length === 0 ? <p class="muted">{t('admin.tiers.none')}</p> : null}
        <ul class="cards">
          {tiers.map((tier) => (
            <li key={tier.id} class={tier.active ? 'card' : 'card archived'}>
              <h2>
                {tier.name}
                {!tier.active ? <span class="status"> {t('admin.tiers.archived')}</span> : null}
              </h2>
              <p class="muted">
                {tier.prices.map((p) => (
                  <PriceLine key={p.id} i18n={i18n} price={p} />
                ))}
              </p>
              <details>
                <summary>{t('admin.tiers.edit')}</summary>
                <form method="post" action={`/admin/tiers/${tier.id}`} class="stack">
                  <CsrfField page={page} />
                  <div class="field">
                    <label for={`tier-${tier.id}-name`}>{t('admin.tiers.name')}</label>
                    <input
                      id={`tier-${tier.id}-name`}
                      name="name"
                      type="text"
                      required
                      maxLength={200}
                      value={tier.name}
                    />
                  </div>
                  <div class="field">
                    <label for={`tier-${tier.id}-description`}>{t('admin.tiers.description')}</label>
                    <textarea id={`tier-${tier.id}-description`} name="description" rows={3} maxLength={5000}>
                      {tier.description ?? ''}
                    </textarea>
                  </div>
                  <button type="submit" class="primary">
                    {t('admin.save')}
                  </button>
                </form>
              </details>
              <form
                method="post"
                action={`/admin/tiers/${tier.id}/${tier.active ? 'archive' : 'restore'}`}
                class="inline-form"
              >
                <CsrfField page={page} />
                <button type="submit" class="secondary">
                  {t(tier.active ? 'admin.tiers.archive' : 'admin.tiers.restore')}
                </button>
              </form>
              {tier.active ? <p class="hint">{t('admin.tiers.archiveHint')}</p> : null}
            </li>
          ))}
        </ul>
        <form method="post" action="/admin/tiers" class="card stack" novalidate>
          <h2>{t('admin.tiers.new')}</h2>
          <CsrfField page={page} />
          <FormKeyField value={form?.values.key} />
          <TextField
            name="name"
            label={t('admin.tiers.name')}
            value={form?.values.name}
            error={form?.errors.name}
            required
            maxLength={200}
          />
          <TextField
            name="description"
            label={t('admin.tiers.description')}
            value={form?.values.description}
            error={form?.errors.description}
            maxLength={5000}
            multiline
          />
          <TextField
            name="currency"
            label={t('admin.tiers.currency')}
            hint={t('admin.tiers.currencyHint')}
            value={form?.values.currency ?? 'eur'}
            error={form?.errors.currency}
            required
            maxLength={3}
          />
          <TextField
            name="monthly"
            label={t('admin.tiers.monthly')}
            hint={t('admin.tiers.amountHint')}
            value={form?.values.monthly}
            error={form?.errors.monthly}
          />
          <TextField
            name="yearly"
            label={t('admin.tiers.yearly')}
            hint={t('admin.tiers.amountHint')}
            value={form?.values.yearly}
            error={form?.errors.yearly}
          />
          <button type="submit" class="primary">
            {t('admin.tiers.create')}
          </button>
        </form>
      </AdminFrame>,
    )
  }

  pages.get('/admin/tiers', ({ req, res, page }) => show(page, res, req.query))

  pages.post('/admin/tiers', async ({ req, res, page }) => {
    requirePage(page, EDITORS)
    const form = parseForm(newTierForm, req.body, page.i18n)
    if (!form.ok) return show(page, res, {}, form)
    const input = tierCreateBody.safeParse({
      name: form.data.name,
      description: form.data.description,
      currency: form.data.currency.toLowerCase(),
      monthlyAmount: toMinor(form.data.monthly),
      yearlyAmount: toMinor(form.data.yearly),
    })
    if (!input.success) {
      const errors: FieldErrors = {}
      for (const issue of input.error.issues) {
        const field =
          { monthlyAmount: 'monthly', yearlyAmount: 'yearly' }[String(issue.path[0])] ?? String(issue.path[0])
        errors[field] ??= page.i18n.t('form.invalid')
      }
      return show(page, res, {}, { errors, values: formValues(req.body) })
    }
    // The form's own key: a double submit or a retry creates one tier, not two.
    await createTier(deps, input.data, `page:${form.data.key}`)
    res.redirect(303, '/admin/tiers?done=tier-created')
  })

  pages.post('/admin/tiers/:id', async ({ req, res, page }) => {
    requirePage(page, EDITORS)
    const params = idParam.safeParse(req.params)
    if (!params.success) throw notFound()
    const form = parseForm(editTierForm, req.body, page.i18n)
    if (!form.ok) return show(page, res, {}, form)
    await editTier(deps, params.data.id, { name: form.data.name, description: form.data.description ?? null })
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

function PriceLine(props: {
  i18n: I18n
  price: { interval: string; amount: number; currency: string; active?: boolean }
}) {
  const { i18n, price } = props
  const per = i18n.t(price.interval === 'year' ? 'admin.year' : 'admin.month')
  return (
    <span class="price-line">
      {i18n.money(price.amount, price.currency)} / {per}
      {price.active === false ? ` (${i18n.t('admin.tiers.archived')})` : ''}{' '}
    </span>
  )
}
