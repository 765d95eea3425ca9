import type { tiersView } from '../billing/tiers.service.js'
import { majorUnits } from '../reports/csv.js'
import type { PageContext } from '../web/context.js'
import { CsrfField, TextField } from '../web/forms.js'
import { GIFT_MONTHS } from './offer.js'
import type { SupportSettings } from './settings.repository.js'

/** "eur: 5, 15, 50" per line, as staff type presets in major units. */
function presetsText(presets: { currency: string; amounts: number[] }[]): string {
  return presets
    .map((p) => `${p.currency}: ${p.amounts.map((a) => majorUnits(a, p.currency)).join(', ')}`)
    .join('\n')
}

/** What staff offer besides subscriptions: contributions (currencies, presets) and giftable months. */
export function SupportSettingsForm(props: {
  page: PageContext
  settings: SupportSettings
  tiers: Awaited<ReturnType<typeof tiersView>>
}) {
  const { page, settings, tiers } = props
  const t = page.i18n.t
  const offered = new Set(settings.gifts.flatMap((g) => g.months.map((m) => `${g.tierId}:${m}`)))
  return (
    <>
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
    </>
  )
}
