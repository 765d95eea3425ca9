import { z } from 'zod'
import type { Db } from '../db/connect.js'
import type { Deps } from '../deps.js'
import type { apiRouter } from '../http/router.js'
import { idParams, isoDateTime, yearMonth } from '../http/schemas.js'
import { sendContributionsCsv, sendMembersCsv, sendRoundVotesCsv } from './exports.js'
import { MAX_MONTHS, monthRange } from './period.js'
import { cohortReport, monthlyReport, summaryReport } from './reports.service.js'

type Route = ReturnType<typeof apiRouter>['route']

const readers = ['analyst'] as const // admin is implied
const tag = 'reports'

const summaryQuery = z.object({
  at: isoDateTime.optional().meta({ description: 'ISO 8601 instant; default now' }),
})
const rangeQuery = z.object({
  from: yearMonth
    .optional()
    .meta({ description: 'First month (UTC), YYYY-MM; default 11 months before `to`' }),
  to: yearMonth.optional().meta({
    description: `Last month (UTC), YYYY-MM; default the current one. At most ${MAX_MONTHS} months`,
  }),
})

const money = z.object({ currency: z.string(), mrr: z.number().int() })
const summary = z.object({
  at: z.string(),
  activePatrons: z.number().int(),
  compedMembers: z.number().int(),
  giftedMembers: z.number().int().meta({ description: 'members whose only entitlement is a started gift' }),
  pastDue: z.number().int(),
  newPatrons30d: z.number().int(),
  churnedPatrons30d: z.object({ voluntary: z.number().int(), involuntary: z.number().int() }),
  churnRate30d: z
    .number()
    .meta({ description: 'churned in the 30 days ÷ (active at its start + new in it)' }),
  revenue: z.array(money.extend({ arpu: z.number().int() })),
  oneTime30d: z
    .array(z.object({ currency: z.string(), amount: z.number().int(), count: z.number().int() }))
    .meta({ description: 'contributions and gifts paid in the last 30 days, refunds deducted (never MRR)' }),
  byTier: z.array(
    z.object({
      tierId: z.string().nullable(),
      name: z.string().nullable(),
      activePatrons: z.number().int(),
      revenue: z.array(money),
    }),
  ),
})
const monthly = z.object({
  data: z.array(
    z.object({
      month: z.string(),
      currency: z.string(),
      mrr: z.number().int(),
      activePatrons: z.number().int(),
      newPatrons: z.number().int(),
      churnedPatrons: z.number().int(),
      churnedVoluntary: z.number().int().meta({ description: 'of churnedPatrons: cancelled' }),
      churnedInvoluntary: z.number().int().meta({ description: 'of churnedPatrons: payment failure' }),
      netChange: z.number().int(),
      oneTimeAmount: z
        .number()
        .int()
        .meta({ description: 'one-time money paid in the month, refunds deducted' }),
      oneTimeCount: z.number().int().meta({ description: 'one-time payments made in the month' }),
    }),
  ),
})
const cohorts = z.object({
  data: z.array(
    z.object({
      cohort: z.string().meta({ description: 'YYYY-MM of the members’ first paid start' }),
      size: z.number().int(),
      retained: z.array(
        z.object({
          month: z.string(),
          patrons: z.number().int().meta({ description: 'cohort members paying at this month’s end' }),
          rate: z.number(),
        }),
      ),
    }),
  ),
})
const csv = { description: 'CSV (RFC 4180), streamed', schema: z.string(), contentType: 'text/csv' }

export function registerReportsRoutes(route: Route, deps: Pick<Deps, 'readDb'>): void {
  // Reports and exports only read: from the replica when one is configured.
  const db = deps.readDb

  route({
    method: 'get',
    path: '/v1/admin/reports/summary',
    summary: 'Membership at an instant: patrons, MRR and ARPU per currency, 30-day movement, by tier',
    tag,
    roles: readers,
    query: summaryQuery,
    responses: { 200: { description: 'The summary', schema: summary } },
    handler: async ({ query, res }) => res.json(await summaryReport(db, query.at ?? new Date())),
  })

  route({
    method: 'get',
    path: '/v1/admin/reports/monthly',
    refusals: ['period-reversed', 'period-too-long'],
    summary: 'Per month (values at each UTC month end) and currency: MRR, patrons, new, churned',
    tag,
    roles: readers,
    query: rangeQuery,
    responses: { 200: { description: 'Months after the current one are left out', schema: monthly } },
    handler: async ({ query, res }) => {
      const now = new Date()
      res.json(await monthlyReport(db, monthRange(query.from, query.to, now), now))
    },
  })

  route({
    method: 'get',
    path: '/v1/admin/reports/cohorts',
    refusals: ['period-reversed', 'period-too-long'],
    summary: 'Retention of the patrons who first paid in each month from `from` to `to`',
    tag,
    roles: readers,
    query: rangeQuery,
    responses: {
      200: {
        description: 'Each cohort’s share still paying at each month end through `to`',
        schema: cohorts,
      },
    },
    handler: async ({ query, res }) => {
      const now = new Date()
      res.json(await cohortReport(db, monthRange(query.from, query.to, now), now))
    },
  })

  registerExportRoutes(route, db)
}

/** The CSV exports, streamed from the same database the reports read. */
function registerExportRoutes(route: Route, db: Db): void {
  route({
    method: 'get',
    path: '/v1/admin/exports/members.csv',
    summary: 'Every member as CSV (cells starting with = + - @ are prefixed with a quote)',
    tag,
    roles: readers,
    responses: { 200: csv },
    handler: ({ res }) => sendMembersCsv(db, res),
  })

  route({
    method: 'get',
    path: '/v1/admin/exports/contributions.csv',
    summary:
      'One-time contributions and gifts that were paid (refunded ones too) as CSV (cells starting with = + - @ are prefixed with a quote)',
    tag,
    roles: readers,
    responses: { 200: csv },
    handler: ({ res }) => sendContributionsCsv(db, res),
  })

  route({
    method: 'get',
    path: '/v1/admin/exports/rounds/:id/votes.csv',
    refusals: ['round-not-found'],
    summary: 'The votes of a round as CSV (cells starting with = + - @ are prefixed with a quote)',
    tag,
    roles: readers,
    params: idParams,
    responses: { 200: csv },
    handler: ({ params, res }) => sendRoundVotesCsv(db, res, params.id),
  })
}
