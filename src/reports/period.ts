import { validation } from '../http/problems.js'

/** Months, days and windows in UTC. Pure: no I/O. */

export const MAX_MONTHS = 120
const DAY_MS = 86_400_000

/** A calendar month as a count of months since year 0 (so ranges are plain integer ranges). */
export type MonthIndex = number

export function monthIndex(yearMonth: string): MonthIndex {
  const [y, m] = yearMonth.split('-').map(Number) as [number, number]
  return y * 12 + (m - 1)
}

export function monthOf(date: Date): MonthIndex {
  return date.getUTCFullYear() * 12 + date.getUTCMonth()
}

export function monthLabel(index: MonthIndex): string {
  const y = Math.floor(index / 12)
  return `${String(y).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** 00:00 UTC on the first day of the month. */
export function monthStart(index: MonthIndex): Date {
  return new Date(Date.UTC(Math.floor(index / 12), index % 12, 1))
}

/** 'YYYY-MM-DD' of an instant, in UTC (the key of membership_daily). */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}

export function dayStart(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
}

export function daysBefore(date: Date, days: number): Date {
  return new Date(date.getTime() - days * DAY_MS)
}

export interface MonthRange {
  from: MonthIndex
  to: MonthIndex
}

/**
 * `from`/`to` of a monthly or cohort report: both default to the twelve months ending with the
 * current one; `from` after `to` or a span over MAX_MONTHS is a 400.
 */
export function monthRange(from: string | undefined, to: string | undefined, now: Date): MonthRange {
  const end = to ? monthIndex(to) : monthOf(now)
  const start = from ? monthIndex(from) : end - 11
  if (start > end)
    throw validation(
      '`from` must not be after `to`.',
      [{ path: 'query.from', message: 'is after to' }],
      'period-reversed',
    )
  if (end - start + 1 > MAX_MONTHS)
    throw validation(
      `A report covers at most ${MAX_MONTHS} months.`,
      [{ path: 'query.from', message: `the range exceeds ${MAX_MONTHS} months` }],
      'period-too-long',
    )
  return { from: start, to: end }
}

export function monthsOf(range: MonthRange): MonthIndex[] {
  const months: MonthIndex[] = []
  for (let m = range.from; m <= range.to; m++) months.push(m)
  return months
}
