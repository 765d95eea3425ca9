import type { BucketTotals, CohortChange, CurrencyLevel, MonthChange } from './reports.repository.js'

/** Report figures from rollup totals. Pure: the definitions of API.md's Reports section live here. */

const sum = (rows: BucketTotals[], key: keyof Omit<BucketTotals, 'currency' | 'tierId'>) =>
  rows.reduce((total, r) => total + r[key], 0)

/** A fraction rounded to 4 places (0.0417), so JSON shows no float noise. */
export const fraction = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : 0)

/** ARPU in whole minor units, half up. */
export const arpu = (mrr: number, active: number) => (active > 0 ? Math.round(mrr / active) : 0)

const byCurrency = (a: { currency: string }, b: { currency: string }) => a.currency.localeCompare(b.currency)

export interface TierFigures {
  tierId: string | null
  activePatrons: number
  revenue: { currency: string; mrr: number }[]
}

export interface SummaryFigures {
  activePatrons: number
  pastDue: number
  newPatrons30d: number
  churnedPatrons30d: { voluntary: number; involuntary: number }
  churnRate30d: number
  revenue: { currency: string; mrr: number; arpu: number }[]
  byTier: TierFigures[]
}

/** `now` = totals at the report's instant; `windowStart` = totals 30 days before it. */
export function summarise(now: BucketTotals[], windowStart: BucketTotals[]): SummaryFigures {
  const newPatrons = sum(now, 'newPatrons') - sum(windowStart, 'newPatrons')
  const voluntary = sum(now, 'churnedVoluntary') - sum(windowStart, 'churnedVoluntary')
  const involuntary = sum(now, 'churnedInvoluntary') - sum(windowStart, 'churnedInvoluntary')
  const activeAtStart = sum(windowStart, 'active')

  const currencies = new Map<string, { mrr: number; active: number }>()
  const tiers = new Map<string | null, { active: number; mrr: Map<string, number> }>()
  for (const b of now) {
    const c = currencies.get(b.currency) ?? { mrr: 0, active: 0 }
    c.mrr += b.mrr
    c.active += b.active
    currencies.set(b.currency, c)
    const t = tiers.get(b.tierId) ?? { active: 0, mrr: new Map() }
    t.active += b.active
    t.mrr.set(b.currency, (t.mrr.get(b.currency) ?? 0) + b.mrr)
    tiers.set(b.tierId, t)
  }

  return {
    activePatrons: sum(now, 'active'),
    pastDue: sum(now, 'pastDue'),
    newPatrons30d: newPatrons,
    churnedPatrons30d: { voluntary, involuntary },
    churnRate30d: fraction(voluntary + involuntary, activeAtStart + newPatrons),
    revenue: [...currencies]
      .filter(([, c]) => c.active !== 0 || c.mrr !== 0)
      .map(([currency, c]) => ({ currency, mrr: c.mrr, arpu: arpu(c.mrr, c.active) }))
      .sort(byCurrency),
    byTier: [...tiers]
      .map(([tierId, t]) => ({
        tierId,
        activePatrons: t.active,
        revenue: [...t.mrr]
          .filter(([, mrr]) => mrr !== 0)
          .map(([currency, mrr]) => ({ currency, mrr }))
          .sort(byCurrency),
      }))
      .filter((t) => t.activePatrons !== 0 || t.revenue.length > 0),
  }
}

export interface MonthlyRow {
  month: string
  currency: string
  mrr: number
  activePatrons: number
  newPatrons: number
  churnedPatrons: number
  churnedVoluntary: number
  churnedInvoluntary: number
  netChange: number
  /** One-time money (contributions and gifts) of the month, refunds deducted: never MRR. */
  oneTimeAmount: number
  oneTimeCount: number
}

/**
 * One row per month and currency: levels at the month's end (the levels before the range plus the
 * changes of every month so far), with that month's new and churned patrons. A currency with no
 * patrons, no MRR and no movement in a month is left out.
 */
export function monthlyRows(months: string[], before: CurrencyLevel[], changes: MonthChange[]): MonthlyRow[] {
  const levels = new Map(before.map((l) => [l.currency, { mrr: l.mrr, active: l.active }]))
  for (const c of changes) if (!levels.has(c.currency)) levels.set(c.currency, { mrr: 0, active: 0 })
  const changeOf = new Map(changes.map((c) => [`${c.month} ${c.currency}`, c]))
  const currencies = [...levels.keys()].sort()

  const rows: MonthlyRow[] = []
  for (const month of months) {
    for (const currency of currencies) {
      const level = levels.get(currency)!
      const change = changeOf.get(`${month} ${currency}`)
      level.mrr += change?.mrr ?? 0
      level.active += change?.active ?? 0
      const newPatrons = change?.newPatrons ?? 0
      const churnedVoluntary = change?.churnedVoluntary ?? 0
      const churnedInvoluntary = change?.churnedInvoluntary ?? 0
      const churnedPatrons = churnedVoluntary + churnedInvoluntary
      if (level.mrr === 0 && level.active === 0 && newPatrons === 0 && churnedPatrons === 0) continue
      rows.push({
        month,
        currency,
        mrr: level.mrr,
        activePatrons: level.active,
        newPatrons,
        churnedPatrons,
        churnedVoluntary,
        churnedInvoluntary,
        netChange: newPatrons - churnedPatrons,
        oneTimeAmount: 0,
        oneTimeCount: 0,
      })
    }
  }
  return rows
}

export interface CohortRow {
  cohort: string
  size: number
  retained: { month: string; patrons: number; rate: number }[]
}

/**
 * Each cohort that anyone joined, with its paying members at the end of each month from its own
 * through the last one (running sums of the monthly changes; a change dated before the cohort's month,
 * which only out-of-order history can produce, counts from its first month).
 */
export function cohortRows(months: string[], changes: CohortChange[]): CohortRow[] {
  const byCohort = new Map<string, CohortChange[]>()
  for (const c of changes) byCohort.set(c.cohort, [...(byCohort.get(c.cohort) ?? []), c])
  const rows: CohortRow[] = []
  for (const [cohort, list] of [...byCohort].sort(([a], [b]) => a.localeCompare(b))) {
    const size = list.reduce((n, c) => n + c.joined, 0)
    if (size === 0) continue
    let paying = 0
    const retained = months
      .filter((month) => month >= cohort)
      .map((month) => {
        for (const c of list)
          if (c.month === month || (month === cohort && c.month < cohort)) paying += c.paying
        return { month, patrons: paying, rate: fraction(paying, size) }
      })
    rows.push({ cohort, size, retained })
  }
  return rows
}

export interface OneTimeMonth {
  month: string
  currency: string
  amount: number
  count: number
}

/**
 * Adds one-time money to the monthly rows (never to MRR). A month and currency with one-time money
 * but no row had no patrons, MRR or movement, so its row shows zeros beside the one-time figures.
 */
export function withOneTime(rows: MonthlyRow[], oneTime: OneTimeMonth[]): MonthlyRow[] {
  const byKey = new Map(oneTime.map((o) => [`${o.month} ${o.currency}`, o]))
  const out = rows.map((r) => {
    const o = byKey.get(`${r.month} ${r.currency}`)
    byKey.delete(`${r.month} ${r.currency}`)
    return o ? { ...r, oneTimeAmount: o.amount, oneTimeCount: o.count } : r
  })
  for (const o of byKey.values()) {
    out.push({
      month: o.month,
      currency: o.currency,
      mrr: 0,
      activePatrons: 0,
      newPatrons: 0,
      churnedPatrons: 0,
      churnedVoluntary: 0,
      churnedInvoluntary: 0,
      netChange: 0,
      oneTimeAmount: o.amount,
      oneTimeCount: o.count,
    })
  }
  return out.sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency))
}
