import type { Translations } from '../db/schema.js'
import type { Locale } from '../locales.js'

/**
 * A row's staff-written fields in this language: each field's translation where staff gave one, else
 * the original. Every page and mail that shows a tier, round or topic reads it through here.
 */
export function localized<Row extends { translations?: Translations | string | null }>(
  row: Row,
  locale: Locale,
): Row {
  const all =
    typeof row.translations === 'string' ? (JSON.parse(row.translations) as Translations) : row.translations
  const own = all?.[locale]
  if (!own) return row
  const out: Record<string, unknown> = { ...row }
  for (const [field, text] of Object.entries(own)) {
    if (typeof text === 'string' && text.trim() !== '' && field in row) out[field] = text
  }
  return out as Row
}

/** A joined tier's name in this language (rows that carry the tier as `name` and `translations`). */
export const localizedName = (
  name: string,
  translations: Translations | string | null | undefined,
  locale: Locale,
): string => localized({ name, translations: translations ?? null }, locale).name

/** A round and its topics in this language (see `localized`). */
export function localizedWithTopics<
  Topic extends { translations?: Translations | string | null },
  Round extends { translations?: Translations | string | null; topics: Topic[] },
>(round: Round, locale: Locale): Round {
  return { ...localized(round, locale), topics: round.topics.map((t) => localized(t, locale)) }
}
