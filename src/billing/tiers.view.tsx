import type { PageContext } from '../web/context.js'
import { FormKeyField } from '../web/form-key.js'
import { CsrfField, type FieldErrors, TextField } from '../web/forms.js'
import type { I18n } from '../web/i18n/index.js'
import { type TranslatedField, TranslationFields } from '../web/translation-fields.js'
import type { tiersView } from './tiers.service.js'

/** The staff tiers page's parts (tiers.pages.tsx handles the requests). */
export type TierFormState = { errors: FieldErrors; values: Record<string, string>; tierId?: string }
type Tier = Awaited<ReturnType<typeof tiersView>>[number]

/** A tier as a select shows it: an archived one says so. */
export function tierOptionLabel(i18n: I18n, tier: { name: string; active?: boolean }): string {
  return tier.active === false ? `${tier.name} (${i18n.t('admin.tiers.archived')})` : tier.name
}

const translatedFields = (t: I18n['t']): TranslatedField[] => [
  { name: 'name', label: t('admin.tiers.name'), maxLength: 200 },
  { name: 'description', label: t('admin.tiers.description'), maxLength: 5000, multiline: true },
]

export function TierCard(props: { page: PageContext; tier: Tier; patrons: number; form?: TierFormState }) {
  const { page, tier } = props
  const form = props.form?.tierId === tier.id ? props.form : undefined
  const { i18n } = page
  const t = i18n.t
  return (
    <li key={tier.id} class={tier.active ? 'card' : 'card archived'}>
      <h2>
        {tier.name}
        {!tier.active ? <span class="status"> {t('admin.tiers.archived')}</span> : null}
      </h2>
      <ul class="price-lines">
        {tier.prices.map((p) => (
          <PriceLine key={p.id} i18n={i18n} price={p} />
        ))}
      </ul>
      <p>{i18n.plural('admin.tiers.patrons', props.patrons)}</p>
      <details open={form ? true : undefined}>
        <summary>{t('admin.tiers.edit')}</summary>
        <form method="post" action={`/admin/tiers/${tier.id}`} class="stack" novalidate>
          <CsrfField page={page} />
          <TextField
            id={`tier-${tier.id}-name`}
            name="name"
            label={t('admin.tiers.name')}
            value={form?.values.name ?? tier.name}
            error={form?.errors.name}
            autofocus={Boolean(form?.errors.name)}
            required
            maxLength={200}
          />
          <TextField
            id={`tier-${tier.id}-description`}
            name="description"
            label={t('admin.tiers.description')}
            value={form?.values.description ?? tier.description ?? ''}
            maxLength={5000}
            multiline
          />
          <TranslationFields
            page={page}
            fields={translatedFields(t)}
            values={form?.values}
            stored={tier.translations}
            errors={form?.errors}
            idPrefix={`tier-${tier.id}`}
          />
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
  )
}

export function NewTierForm(props: { page: PageContext; form: TierFormState | undefined }) {
  const { page } = props
  const form = props.form?.tierId ? undefined : props.form
  const t = page.i18n.t
  return (
    <form method="post" action="/admin/tiers" class="card stack" novalidate>
      <h2>{t('admin.tiers.new')}</h2>
      <CsrfField page={page} />
      <FormKeyField value={form?.values.key} />
      <TextField
        name="name"
        label={t('admin.tiers.name')}
        value={form?.values.name}
        error={form?.errors.name}
        autofocus={Boolean(form?.errors.name)}
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
      <TranslationFields
        page={page}
        fields={translatedFields(t)}
        values={form?.values}
        errors={form?.errors}
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
  )
}

function PriceLine(props: {
  i18n: I18n
  price: { interval: string; amount: number; currency: string; active?: boolean }
}) {
  const { i18n, price } = props
  const per = i18n.t(price.interval === 'year' ? 'admin.year' : 'admin.month')
  return (
    <li>
      {i18n.money(price.amount, price.currency)} / {per}
      {price.active === false ? ` (${i18n.t('admin.tiers.archived')})` : ''}
    </li>
  )
}
