import type { Translations } from '../db/schema.js'
import { LOCALES, type Locale } from '../locales.js'
import type { PageContext } from './context.js'
import { type FieldErrors, TextField } from './forms.js'

export interface TranslatedField {
  name: string
  label: string
  maxLength: number
  multiline?: boolean
}

/** The languages staff may add beside the original text: all but the newsroom's default. */
export const otherLocales = (page: PageContext): Locale[] =>
  LOCALES.filter((l) => l !== page.config.site.defaultLocale)

/**
 * A staff form's optional fields in the other languages, named `<field>.<locale>` (`name.uk`), in a
 * fieldset per language. `values` are the posted ones (a form shown again) or the stored translations.
 */
export function TranslationFields(props: {
  page: PageContext
  fields: TranslatedField[]
  values?: Record<string, string> | undefined
  stored?: Translations | undefined
  errors?: FieldErrors | undefined
  idPrefix?: string
}) {
  const { page } = props
  return (
    <>
      {otherLocales(page).map((locale) => (
        <fieldset key={locale} class="stack translation">
          <legend>{page.i18n.t(`admin.translation.${locale}` as const)}</legend>
          {props.fields.map((f) => {
            const name = `${f.name}.${locale}`
            return (
              <TextField
                key={name}
                id={props.idPrefix ? `${props.idPrefix}-${f.name}-${locale}` : undefined}
                name={name}
                label={f.label}
                value={props.values?.[name] ?? props.stored?.[locale]?.[f.name]}
                error={props.errors?.[name]}
                maxLength={f.maxLength}
                multiline={f.multiline}
              />
            )
          })}
        </fieldset>
      ))}
    </>
  )
}

/** The form field a zod issue belongs to: a translation's sits next to its own field (`title.uk`). */
export function issueField(path: readonly PropertyKey[]): string {
  const [first, locale, translated] = path.map(String)
  return first === 'translations' && translated ? `${translated}.${locale}` : (first ?? 'form')
}

/** The `translations` of an API body from a posted form's `<field>.<locale>` values. */
export function translationsFromForm(
  body: unknown,
  fields: string[],
): Record<string, Record<string, string>> {
  const values = (body ?? {}) as Record<string, unknown>
  const out: Record<string, Record<string, string>> = {}
  for (const locale of LOCALES) {
    for (const field of fields) {
      const value = values[`${field}.${locale}`]
      if (typeof value !== 'string') continue
      out[locale] = { ...out[locale], [field]: value }
    }
  }
  return out
}
