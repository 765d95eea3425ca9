import type { ComponentChildren } from 'preact'
import type { PageContext } from '../web/context.js'
import { CsrfField, type FieldErrors, TextField } from '../web/forms.js'
import { localizedName } from '../web/localized.js'
import type { peekGift } from './gifts.service.js'
import { offersAny, type SupportOffer } from './support.service.js'

export interface FormState {
  errors: FieldErrors
  values: Record<string, string>
  status: number
}

/** A radio group in a fieldset, its error tied to it for screen readers. */
function Choices(props: {
  name: string
  legend: string
  options: { value: string; label: string }[]
  checked: string | undefined
  error: string | undefined
}) {
  const errorId = `field-${props.name}-error`
  return (
    <fieldset
      class={props.error ? 'field has-error' : 'field'}
      aria-describedby={props.error ? errorId : undefined}
    >
      <legend>{props.legend}</legend>
      {props.error ? (
        <p id={errorId} class="field-error">
          {props.error}
        </p>
      ) : null}
      {props.options.map((o) => (
        <label key={o.value} class="choice">
          <input type="radio" name={props.name} value={o.value} checked={props.checked === o.value} />{' '}
          {o.label}
        </label>
      ))}
    </fieldset>
  )
}

/** One way to support: a card with its heading and its no-JS form, posted with the form token. */
function WayCard(props: {
  page: PageContext
  id: string
  heading: string
  action: string
  children: ComponentChildren
}) {
  return (
    <section class="card stack" aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>{props.heading}</h2>
      <form method="post" action={props.action} class="stack" noValidate>
        <CsrfField page={props.page} />
        {props.children}
      </form>
    </section>
  )
}

export function ContributeForm(props: {
  page: PageContext
  offer: SupportOffer
  form?: FormState | undefined
}) {
  const { i18n } = props.page
  const t = i18n.t
  const c = props.offer.contributions
  const values = props.form?.values ?? {}
  const errors = props.form?.errors ?? {}
  const presets = c.presets.flatMap((p) =>
    p.amounts.map((a) => ({ value: `${p.currency}:${a}`, label: i18n.money(a, p.currency) })),
  )
  const first = c.currencies[0] ?? 'eur'
  return (
    <WayCard page={props.page} id="once" heading={t('support.once.heading')} action="/support/contribute">
      <Choices
        name="choice"
        legend={t('support.once.choose')}
        options={[...presets, { value: 'own', label: t('support.once.own') }]}
        checked={values.choice ?? presets[0]?.value ?? 'own'}
        error={errors.choice}
      />
      <TextField
        name="amount"
        label={t('support.once.amount')}
        hint={t('support.once.amountHint', {
          min: i18n.money(c.minAmount, first),
          max: i18n.money(c.maxAmount, first),
        })}
        value={values.amount}
        error={errors.amount}
        autofocus={Boolean(errors.amount)}
        maxLength={20}
      />
      {c.currencies.length > 1 ? (
        <div class="field">
          <label for="field-currency">{t('support.once.currency')}</label>
          <select id="field-currency" name="currency">
            {c.currencies.map((code) => (
              <option key={code} value={code} selected={values.currency === code}>
                {code.toUpperCase()}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <input type="hidden" name="currency" value={first} />
      )}
      <TextField
        name="email"
        type="email"
        label={t('support.once.email')}
        hint={t('support.once.emailHint')}
        value={values.email}
        error={errors.email}
        autocomplete="email"
        autofocus={Boolean(errors.email) && !errors.amount}
        required
        maxLength={254}
      />
      <button type="submit" class="primary">
        {t('support.once.submit')}
      </button>
    </WayCard>
  )
}

export function GiftForm(props: { page: PageContext; offer: SupportOffer; form?: FormState | undefined }) {
  const { i18n } = props.page
  const t = i18n.t
  const values = props.form?.values ?? {}
  const errors = props.form?.errors ?? {}
  const options = props.offer.gifts.flatMap((g) =>
    g.options.map((o) => ({
      value: `${g.tierId}:${o.months}`,
      label: t('support.gift.optionLabel', {
        tier: g.name,
        months: i18n.plural('support.gift.months', o.months),
        price: i18n.money(o.amount, o.currency),
      }),
    })),
  )
  return (
    <WayCard page={props.page} id="gift" heading={t('support.gift.heading')} action="/gift">
      <Choices
        name="gift"
        legend={t('support.gift.option')}
        options={options}
        checked={values.gift ?? options[0]?.value}
        error={errors.gift}
      />
      <TextField
        name="recipientEmail"
        type="email"
        label={t('support.gift.recipient')}
        value={values.recipientEmail}
        error={errors.recipientEmail}
        autofocus={Boolean(errors.recipientEmail)}
        required
        maxLength={254}
      />
      <TextField
        name="purchaserEmail"
        type="email"
        label={t('support.gift.purchaser')}
        value={values.purchaserEmail}
        error={errors.purchaserEmail}
        autocomplete="email"
        required
        maxLength={254}
      />
      <TextField
        name="message"
        label={t('support.gift.message')}
        hint={t('support.gift.messageHint')}
        value={values.message}
        error={errors.message}
        multiline
        maxLength={1000}
      />
      <TextField
        name="sendAt"
        type="date"
        label={t('support.gift.sendAt')}
        hint={t('support.gift.sendAtHint')}
        value={values.sendAt}
        error={errors.sendAt}
        autofocus={Boolean(errors.sendAt) && !errors.recipientEmail}
      />
      <button type="submit" class="primary">
        {t('support.gift.submit')}
      </button>
    </WayCard>
  )
}

export function GiftStartBody(props: {
  page: PageContext
  gift: Awaited<ReturnType<typeof peekGift>>
  token: string
  live?: boolean
}) {
  const { i18n } = props.page
  const t = i18n.t
  const { gift } = props
  return (
    <section class="stack narrow">
      <h1>{t('gift.start.title')}</h1>
      {!gift ? (
        <p class="banner warn">{props.live ? t('gift.start.live') : t('gift.start.invalid')}</p>
      ) : (
        <>
          <p class="lead">
            {t('gift.start.from', {
              from: gift.purchaser_email,
              months: i18n.plural('support.gift.months', gift.months),
              tier: localizedName(gift.tier_name, gift.tier_translations, i18n.locale),
            })}
          </p>
          {gift.message ? <blockquote>{gift.message}</blockquote> : null}
          <p>{t('gift.start.intro')}</p>
          <form method="post" action="/gift/start">
            <CsrfField page={props.page} />
            <input type="hidden" name="token" value={props.token} />
            <button type="submit" class="primary">
              {t('gift.start.button')}
            </button>
          </form>
        </>
      )}
    </section>
  )
}

/** /support (contribute and gift side by side) or /gift (the gift alone), with the thanks after paying. */
export function SupportBody(props: {
  page: PageContext
  offer: SupportOffer
  which: 'support' | 'gift'
  forms: { contribute?: FormState | undefined; gift?: FormState | undefined }
  thanks: boolean
  title: string
}) {
  const { page, offer, which, forms, thanks, title } = props
  const t = page.i18n.t
  const on = offer.contributions.currencies.length > 0
  // A refusal that belongs to no field (too many Checkouts from this address, say).
  const refused = forms.contribute?.errors.form ?? forms.gift?.errors.form
  return (
    <section class="stack">
      <h1>{title}</h1>
      {refused ? (
        <p class="banner warn" role="alert">
          {refused}
        </p>
      ) : null}
      {thanks ? (
        <p class="banner" role="status">
          {t('support.thanks')}
        </p>
      ) : null}
      {offersAny(offer) ? (
        <>
          <p class="lead">{t('support.intro')}</p>
          <div class="support-ways">
            {which === 'support' && on ? (
              <ContributeForm page={page} offer={offer} form={forms.contribute} />
            ) : null}
            {offer.gifts.length > 0 ? <GiftForm page={page} offer={offer} form={forms.gift} /> : null}
          </div>
          <p class="muted">{t('support.stripeNote')}</p>
        </>
      ) : (
        // Nothing to give here: not a dead end, the memberships are one click away.
        <>
          <p>{t('support.off')}</p>
          <p>
            <a class="button" href="/">
              {t('support.offLink')}
            </a>
          </p>
        </>
      )}
    </section>
  )
}
