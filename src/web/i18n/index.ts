import type { Request, Response } from 'express'
import { cookieOptions } from '../cookies.js'
import { type Catalog, en, type MessageKey, type Plural } from './en.js'
import { uk } from './uk.js'

export const locales = ['en', 'uk'] as const
export type Locale = (typeof locales)[number]
export const LOCALE_COOKIE = 'patronage_lang'

const catalogs: Record<Locale, Catalog> = { en, uk }
const isLocale = (v: unknown): v is Locale =>
  typeof v === 'string' && (locales as readonly string[]).includes(v)

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

export type Vars = Record<string, string | number>

/** Translation and formatting for one reader: messages, plurals, money and dates with Intl. */
export interface I18n {
  locale: Locale
  t(key: MessageKey, vars?: Vars): string
  /** A plural message; `count` picks the form and is also a variable. */
  plural(key: MessageKey, count: number, vars?: Vars): string
  /** Minor units to a price: 500 eur -> "€5" in en, "5 €" in uk. */
  money(amount: number, currency: string): string
  /** A day, e.g. "12 December 2026", in the newsroom's time zone. */
  date(at: Date | string): string
  /** A moment with the newsroom's time zone named, e.g. "12 December 2026 at 18:00 CET". */
  dateTime(at: Date | string): string
  /** "March 2026". */
  month(at: Date | string): string
}

const fill = (text: string, vars: Vars = {}) =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole))

const cache = new Map<string, I18n>()

export function i18nFor(locale: Locale, timeZone: string): I18n {
  const key = `${locale}|${timeZone}`
  const cached = cache.get(key)
  if (cached) return cached
  const catalog = catalogs[locale]
  const rules = new Intl.PluralRules(locale)
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone })
  const moment = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone,
  })
  const zoneName = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
  const monthYear = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone })
  const moneyFormats = new Map<string, { format: Intl.NumberFormat; exponent: number }>()
  const toDate = (at: Date | string) => (typeof at === 'string' ? new Date(at) : at)

  const i18n: I18n = {
    locale,
    t: (k, vars) => {
      const message = catalog[k]
      return fill(typeof message === 'string' ? message : message.other, vars)
    },
    plural: (k, count, vars) => {
      const message = catalog[k] as string | Plural
      if (typeof message === 'string') return fill(message, { count, ...vars })
      const form = rules.select(count) as keyof Plural
      return fill(message[form] ?? message.other, { count, ...vars })
    },
    money: (amount, currency) => {
      const code = currency.toUpperCase()
      let entry = moneyFormats.get(code)
      if (!entry) {
        const probe = new Intl.NumberFormat(locale, { style: 'currency', currency: code })
        const exponent = probe.resolvedOptions().maximumFractionDigits ?? 2
        entry = { format: probe, exponent }
        moneyFormats.set(code, entry)
      }
      const value = amount / 10 ** entry.exponent
      if (Number.isInteger(value)) {
        return new Intl.NumberFormat(locale, {
          style: 'currency',
          currency: code,
          maximumFractionDigits: 0,
        }).format(value)
      }
      return entry.format.format(value)
    },
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

export type { MessageKey }
export { en }
