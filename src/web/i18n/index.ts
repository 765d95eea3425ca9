import type { Request, Response } from 'express'
import { isLocale, type Locale, LOCALES as locales } from '../../locales.js'
import { cookieOptions } from '../cookies.js'
import { adminEn } from './admin.en.js'
import { adminUk } from './admin.uk.js'
import { en } from './en.js'
import { mailEn } from './mail.en.js'
import { mailUk } from './mail.uk.js'
import { supportEn } from './support.en.js'
import { supportUk } from './support.uk.js'
import type { Placeholders, Plural, TextsOf } from './types.js'
import { uk } from './uk.js'

export { type Locale, locales }
export const LOCALE_COOKIE = 'patronage_lang'

/**
 * THE message catalogs: one per language, each the union of its namespaces (site: the reader's pages,
 * admin: staff pages, mail: mails, support: other ways to support). A new language is one file per namespace and a line here.
 */
const catalogs = {
  en: { ...en, ...adminEn, ...mailEn, ...supportEn },
  uk: { ...uk, ...adminUk, ...mailUk, ...supportUk },
} satisfies Record<Locale, unknown>

type English = typeof catalogs.en
export type MessageKey = keyof English
/** Messages that are one text (not plurals). */
export type TextKey = { [K in MessageKey]: English[K] extends string ? K : never }[MessageKey]
export type PluralKey = Exclude<MessageKey, TextKey>
/** Texts without variables: what a table of keys (refusals, notices, titles) may point to. */
export type PlainKey = { [K in TextKey]: [Placeholders<English[K]>] extends [never] ? K : never }[TextKey]
/** The variables a message needs, by name. */
export type VarsOf<K extends MessageKey> = Placeholders<TextsOf<English[K]>>

type Value = string | number
/** A message's variables as an argument: required when it names some, absent when it names none. */
type TextArgs<K extends TextKey> = [VarsOf<K>] extends [never] ? [] : [vars: Record<VarsOf<K>, Value>]
/** A plural's variables besides `count` (which may still be given, e.g. as a word). */
type PluralArgs<K extends PluralKey> = [Exclude<VarsOf<K>, 'count'>] extends [never]
  ? [vars?: { count?: Value }]
  : [vars: Record<Exclude<VarsOf<K>, 'count'>, Value> & { count?: Value }]

/** Whether `key` names a text without variables (e.g. a notice named in a query string). */
export const isPlainKey = (key: string): key is PlainKey => {
  const message = (catalogs.en as Record<string, unknown>)[key]
  return typeof message === 'string' && !message.includes('{')
}

/** `?lang=` (remembered in a cookie), then the cookie, then Accept-Language, then the default. */
export function negotiateLocale(
  req: Request,
  res: Response,
  cookies: Record<string, string>,
  config: { publicUrl: string; site: { defaultLocale: Locale } },
): Locale {
  const asked = req.query.lang
  if (isLocale(asked)) {
    res.cookie(LOCALE_COOKIE, asked, cookieOptions(config.publicUrl, 365 * 86_400_000))
    return asked
  }
  if (isLocale(cookies[LOCALE_COOKIE])) return cookies[LOCALE_COOKIE]
  return acceptedLocale(req, config.site.defaultLocale)
}

/**
 * The reader's language by Accept-Language. The fallback is offered first, so a request without the
 * header, with `*`, or with only languages we lack gets the fallback (DEFAULT_LOCALE), not whichever
 * locale happens to be listed first.
 */
export function acceptedLocale(req: Request, fallback: Locale): Locale {
  const accepted = req.acceptsLanguages(fallback, ...locales.filter((l) => l !== fallback))
  return isLocale(accepted) ? accepted : fallback
}

/** Translation and formatting for one reader: messages, plurals, money and dates with Intl. */
export interface I18n {
  locale: Locale
  t<K extends TextKey>(key: K, ...vars: TextArgs<K>): string
  /** A plural message; `count` picks the form (Intl.PluralRules) and is also a variable. */
  plural<K extends PluralKey>(key: K, count: number, ...vars: PluralArgs<K>): string
  /** Minor units to a price: 500 eur -> "€5" in en, "5 €" in uk. */
  money(amount: number, currency: string): string
  /** A day, e.g. "12 December 2026", in the newsroom's time zone. */
  date(at: Date | string): string
  /** A moment with the newsroom's time zone named, e.g. "12 December 2026 at 18:00 CET". */
  dateTime(at: Date | string): string
  /** "March 2026". */
  month(at: Date | string): string
}

const fill = (text: string, vars: Record<string, Value> = {}) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole))

const cache = new Map<string, I18n>()

export function i18nFor(locale: Locale, timeZone: string): I18n {
  const key = `${locale}|${timeZone}`
  const cached = cache.get(key)
  if (cached) return cached
  const catalog: Record<string, string | Plural> = catalogs[locale]
  const rules = new Intl.PluralRules(locale)
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone })
  const moment = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone })
  const zoneName = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
  const monthYear = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone })
  const toDate = (at: Date | string) => (typeof at === 'string' ? new Date(at) : at)

  const i18n: I18n = {
    locale,
    t: (k, ...[vars]) => {
      const message = catalog[k]!
      return fill(typeof message === 'string' ? message : message.other, vars)
    },
    plural: (k, count, ...[vars]) => {
      const message = catalog[k] as Plural
      const form = rules.select(count) as keyof Plural
      return fill(message[form] ?? message.other, { count, ...vars })
    },
    money: moneyFormatter(locale),
    date: (at) => day.format(toDate(at)),
    dateTime: (at) => {
      const d = toDate(at)
      const zone = zoneName.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? timeZone
      return `${moment.format(d)} ${zone}`
    },
    month: (at) => monthYear.format(toDate(at)),
  }
  cache.set(key, i18n)
  return i18n
}

function moneyFormatter(locale: Locale) {
  const formats = new Map<string, { format: Intl.NumberFormat; whole: Intl.NumberFormat; exponent: number }>()
  return (amount: number, currency: string) => {
    const code = currency.toUpperCase()
    let entry = formats.get(code)
    if (!entry) {
      const format = new Intl.NumberFormat(locale, { style: 'currency', currency: code })
      const exponent = format.resolvedOptions().maximumFractionDigits ?? 2
      const whole = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency: code,
        maximumFractionDigits: 0,
      })
      entry = { format, whole, exponent }
      formats.set(code, entry)
    }
    const value = amount / 10 ** entry.exponent
    return (Number.isInteger(value) ? entry.whole : entry.format).format(value)
  }
}

/** Every language's catalog, for tests that compare them. */
export const allCatalogs: Record<Locale, Record<string, string | Plural>> = catalogs
