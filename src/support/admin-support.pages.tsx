import type { Response } from 'express'
import { tiersView } from '../billing/tiers.service.js'
import type { Deps } from '../deps.js'
import { Problem } from '../http/problems.js'
import { ADMINS, AdminFrame, Notice } from '../web/admin-frame.js'
import { currencyExponent, minorUnits } from '../web/amount.js'
import type { PageContext } from '../web/context.js'
import { CsrfField, formValues, TextField } from '../web/forms.js'
import { requirePage } from '../web/guard.js'
import type { Pages } from '../web/pages.js'
import { describeRefusal } from '../web/refusals.js'
import { renderPage } from '../web/render.js'
import { GIFT_MONTHS } from './offer.js'
import { readSupportSettings } from './settings.repository.js'
import { supportUpdateBody } from './support.routes.js'
import { type SupportUpdate, updateSupport } from './support.service.js'

const major = (amount: number, currency: string) => String(amount / 10 ** currencyExponent(currency))

/** "eur: 5, 15, 50" per line, as staff type presets in major units. */
function presetsText(presets: { currency: string; amounts: number[] }[]): string {
  return presets
    .map((p) => `${p.currency}: ${p.amounts.map((a) => major(a, p.currency)).join(', ')}`)
    .join('\n')
}

/** The form as the API's body; undefined when a line cannot be read. */
function parseSettingsForm(body: Record<string, unknown>): SupportUpdate | undefined {
  const values = formValues(body)
  const currencies = (values.currencies ?? '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((c) => c.toLowerCase())
  const presets = []
  for (const line of (values.presets ?? '').split(/\r?\n/).filter((l) => l.trim())) {
    const m = /^\s*([a-zA-Z]{3})\s*:\s*(.+)$/.exec(line)
    if (!m) return undefined
    const currency = m[1]!.toLowerCase()
    const amounts = m[2]!
      .split(/[\s;]+|,\s+/)
      .filter(Boolean)
      .map((a) => minorUnits(a, currency))
    if (amounts.some((a) => a === undefined)) return undefined
    presets.push({ currency, amounts: amounts as number[] })
  }
  const chosen = ([] as unknown[]).concat(body.gift ?? []).filter((v): v is string => typeof v === 'string')
  const gifts = new Map<string, number[]>()
  for (const value of chosen) {
    const [tierId, months] = value.split(':')
    if (!tierId) continue
    gifts.set(tierId, [...(gifts.get(tierId) ?? []), Number(months)])
  }
  const parsed = supportUpdateBody.safeParse({
    contributions: { currencies, presets },
    gifts: [...gifts.entries()].map(([tierId, months]) => ({ tierId, months })),
  })
  return parsed.success ? parsed.data : undefined
}

export function registerAdminSupportPages(pages: Pages, deps: Deps): void {
  const show = async (page: PageContext, res: Response, query: unknown, error?: string) => {
    const [settings, tiers] = await Promise.all([
      readSupportSettings(deps.db),
      tiersView(deps.db, 'active', false),
    ])
    const t = page.i18n.t
    const offered = new Set(settings.gifts.flatMap((g) => g.months.map((m) => `${g.tierId}:${m}`)))
    renderPage(
      res,
      page,
      { title: t('admin.support.title'), wide: true, styles: ['admin.css'], status: error ? 400 : 200 },
      <AdminFrame page={page} title={t('admin.support.title')} current="/admin/support">
        <Notice page={page} query={query} />
        {error ? (
          <p class="banner warn" role="alert">
            {error}
          </p>
        ) : null}
        <form method="post" action="/admin/support" class="stack">
          <CsrfField page={page} />
          <h2>{t('admin.support.once')}</h2>
          <TextField
            name="currencies"
            label={t('admin.support.currencies')}
            hint={t('admin.support.currenciesHint')}
            value={settings.currencies.join(', ')}
            maxLength={200}
          />
          <TextField
            name="presets"
            label={t('admin.support.presets')}
            hint={t('admin.support.presetsHint')}
            value={presetsText(settings.presets)}
            multiline
            maxLength={2000}
          />
          <h2>{t('admin.support.gifts')}</h2>
          {tiers.length === 0 ? <p class="muted">{t('admin.support.noTiers')}</p> : null}
          {tiers.map((tier) => (
            <fieldset key={tier.id} class="field">
              <legend>{tier.name}</legend>
              {GIFT_MONTHS.map((m) => (
                <label key={m} class="choice">
                  <input
                    type="checkbox"
                    name="gift"
                    value={`${tier.id}:${m}`}
                    checked={offered.has(`${tier.id}:${m}`)}
                  />{' '}
                  {page.i18n.plural('support.gift.months', m)}
                </label>
              ))}
            </fieldset>
          ))}
          <p class="muted">{t('admin.support.giftPricing')}</p>
          <button type="submit" class="primary">
            {t('admin.support.save')}
          </button>
        </form>
        <p class="button-row">
          <a class="button secondary" href="/admin/exports/contributions.csv" download>
            {t('admin.support.export')}
          </a>
        </p>
      </AdminFrame>,
    )
  }

  pages.get('/admin/support', async ({ req, res, page }) => {
    requirePage(page, ADMINS)
    await show(page, res, req.query)
  })

  pages.post('/admin/support', async ({ req, res, page }) => {
    requirePage(page, ADMINS)
    const update = parseSettingsForm(req.body as Record<string, unknown>)
    if (!update) return show(page, res, {}, page.i18n.t('admin.support.invalid'))
    try {
      await updateSupport(deps.db, deps.config, update)
    } catch (err) {
      if (!(err instanceof Problem) || err.status >= 500) throw err
      return show(page, res, {}, describeRefusal(err, page.i18n).message)
    }
    res.redirect(303, '/admin/support?done=saved')
  })
}
