import type { GiftMonths, Interval } from '../db/schema.js'

export const GIFT_MONTHS: readonly GiftMonths[] = [1, 3, 6, 12]

/**
 * What a gift of `months` of a tier costs: the monthly price times the months, except that twelve
 * months cost the yearly price when the tier has one (the reader pays what a patron would). Null
 * when the tier has no price to count from.
 */
export function giftPrice(
  prices: ReadonlyArray<{ interval: Interval; amount: number; currency: string }>,
  months: GiftMonths,
): { amount: number; currency: string } | null {
  const monthly = prices.find((p) => p.interval === 'month')
  const yearly = prices.find((p) => p.interval === 'year')
  if (months === 12 && yearly) return { amount: yearly.amount, currency: yearly.currency }
  return monthly ? { amount: monthly.amount * months, currency: monthly.currency } : null
}
