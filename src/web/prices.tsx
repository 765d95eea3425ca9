import type { I18n } from './i18n/index.js'

export interface PriceView {
  id: string
  interval: 'month' | 'year'
  amount: number
  currency: string
}

/** "€5 / month", or "€50 / year — two months free" when a year costs whole months less than twelve. */
export function priceLabel(i18n: I18n, price: PriceView, monthly?: PriceView): string {
  const amount = i18n.money(price.amount, price.currency)
  if (price.interval === 'month') return i18n.t('home.perMonth', { price: amount })
  const perYear = i18n.t('home.perYear', { price: amount })
  if (!monthly || monthly.currency !== price.currency || monthly.amount <= 0) return perYear
  const free = 12 - price.amount / monthly.amount
  if (!Number.isInteger(free) || free < 1 || free > 11) return perYear
  const word = i18n.t('number.words').split(',')[free - 1] ?? String(free)
  return `${perYear} — ${i18n.plural('plural.monthsFree', free, { count: word })}`
}

/** The monthly price of the same currency, which a yearly one is compared with. */
export function monthlyOf(prices: PriceView[], currency: string): PriceView | undefined {
  return prices.find((p) => p.interval === 'month' && p.currency === currency)
}
