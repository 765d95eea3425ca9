import type { Db } from '../db/connect.js'
import { cohortRows, monthlyRows, summarise, withOneTime } from './figures.js'
import { countGiftedAt, oneTimeBetween, oneTimeByMonth } from './one-time.repository.js'
import {
  daysBefore,
  type MonthIndex,
  type MonthRange,
  monthLabel,
  monthOf,
  monthStart,
  monthsOf,
  utcDay,
} from './period.js'
import {
  changesByMonth,
  cohortChanges,
  countCompedAt,
  levelsBefore,
  tierNames,
  totalsAt,
} from './reports.repository.js'

/** Membership as it stood at `at` (history is dated by Stripe, so a past `at` shows what was true then). */
export async function summaryReport(db: Db, at: Date) {
  const [now, windowStart, comped, gifted, oneTime30d] = await Promise.all([
    totalsAt(db, at),
    totalsAt(db, daysBefore(at, 30)),
    countCompedAt(db, at),
    countGiftedAt(db, at),
    oneTimeBetween(db, daysBefore(at, 30), at),
  ])
  const figures = summarise(now, windowStart)
  const names = await tierNames(
    db,
    figures.byTier.flatMap((t) => (t.tierId ? [t.tierId] : [])),
  )
  return {
    at: at.toISOString(),
    activePatrons: figures.activePatrons,
    compedMembers: comped,
    giftedMembers: gifted,
    pastDue: figures.pastDue,
    newPatrons30d: figures.newPatrons30d,
    churnedPatrons30d: figures.churnedPatrons30d,
    churnRate30d: figures.churnRate30d,
    revenue: figures.revenue,
    oneTime30d,
    byTier: figures.byTier
      .map((t) => ({ ...t, name: t.tierId ? (names.get(t.tierId) ?? null) : null }))
      .sort(
        (a, b) =>
          (a.name ?? '').localeCompare(b.name ?? '') || (a.tierId ?? '').localeCompare(b.tierId ?? ''),
      ),
  }
}

/** Months after the current one have no month end yet and are left out. */
function observedMonths(range: MonthRange, now: Date): MonthIndex[] {
  return monthsOf({ from: range.from, to: Math.min(range.to, monthOf(now)) })
}

export async function monthlyReport(db: Db, range: MonthRange, now: Date) {
  const months = observedMonths(range, now)
  if (months.length === 0) return { data: [] }
  const fromDay = utcDay(monthStart(months[0]!))
  const toDay = utcDay(monthStart(months[months.length - 1]! + 1))
  const [before, changes, oneTime] = await Promise.all([
    levelsBefore(db, fromDay),
    changesByMonth(db, fromDay, toDay),
    // Stripe's times are whole seconds: (start - 1 ms, next start - 1 ms] is the month.
    oneTimeByMonth(
      db,
      new Date(monthStart(months[0]!).getTime() - 1),
      new Date(monthStart(months[months.length - 1]! + 1).getTime() - 1),
    ),
  ])
  return { data: withOneTime(monthlyRows(months.map(monthLabel), before, changes), oneTime) }
}

/**
 * Cohorts by the month of each member's first paid start, within the range; retention is the share
 * of a cohort paying (active or past_due) at the end of each month from its own through the range's
 * last observed month.
 */
export async function cohortReport(db: Db, range: MonthRange, now: Date) {
  const months = observedMonths(range, now)
  if (months.length === 0) return { data: [] }
  const first = months[0]!
  const last = months[months.length - 1]!
  const changes = await cohortChanges(
    db,
    utcDay(monthStart(first)),
    utcDay(monthStart(last)),
    utcDay(monthStart(last + 1)),
  )
  return { data: cohortRows(months.map(monthLabel), changes) }
}
