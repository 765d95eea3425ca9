import { z } from 'zod'

const exponents = new Map<string, number>()

/** Digits after the decimal point of a currency (2 for eur, 0 for jpy), as Intl knows them; read once per currency. */
export function currencyExponent(currency: string): number {
  let digits = exponents.get(currency)
  if (digits === undefined) {
    const probe = new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() })
    digits = probe.resolvedOptions().maximumFractionDigits ?? 2
    exponents.set(currency, digits)
  }
  return digits
}

/**
 * An amount a reader typed in major units ("12", "12.50", "12,5") as minor units of the currency;
 * undefined for anything else (letters, a sign, more decimals than the currency has).
 */
export function minorUnits(typed: string, currency: string): number | undefined {
  const exponent = currencyExponent(currency)
  const m = /^\s*(\d{1,9})(?:[.,](\d+))?\s*$/.exec(typed)
  if (!m || (m[2] ?? '').length > exponent) return undefined
  return Number(m[1]) * 10 ** exponent + Number((m[2] ?? '').padEnd(exponent, '0') || 0)
}

/** A form's amount field: typed text of at most 20 characters. */
export const typedAmount = z.string().max(20)
