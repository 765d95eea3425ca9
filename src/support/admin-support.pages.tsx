import type { Response } from 'express'
import { tiersView } from '../billing/tiers.service.js'
import type { Deps } from '../deps.js'
import { Problem } from '../http/problems.js'
import { ADMINS, Notice, renderAdminPage } from '../web/admin-frame.js'
import { minorUnits } from '../web/amount.js'
import type { PageContext } from '../web/context.js'
import { formValues } from '../web/forms.js'
import { requirePage } from '../web/guard.js'
import type { Pages } from '../web/pages.js'
import { describeRefusal } from '../web/refusals.js'
import { SupportSettingsForm } from './admin-support.view.js'
import { readSupportSettings } from './settings.repository.js'
import { supportUpdateBody } from './support.routes.js'
import { type SupportUpdate, updateSupport } from './support.service.js'

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
    renderAdminPage(
      res,
      page,
      { title: t('admin.support.title'), current: '/admin/support', status: error ? 400 : 200 },
      <>
        <Notice page={page} query={query} />
        {error ? (
          <p class="banner warn" role="alert">
            {error}
          </p>
        ) : null}
        <SupportSettingsForm page={page} settings={settings} tiers={tiers} />
      </>,
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
