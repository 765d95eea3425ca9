/**
 * The languages of pages and mails: config (DEFAULT_LOCALE), request schemas, the layout's language
 * switch, the catalogs and the members' `locale` column read this list. (The column's CHECK constraint
 * is in its migration, which stays as written: a new language also needs a migration for it.)
 */
export const LOCALES = ['en', 'uk'] as const
export type Locale = (typeof LOCALES)[number]

export const isLocale = (v: unknown): v is Locale =>
  typeof v === 'string' && (LOCALES as readonly string[]).includes(v)

/** Each language's name in itself, as the language switch and the mail-language select show it. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', uk: 'Українська' }
