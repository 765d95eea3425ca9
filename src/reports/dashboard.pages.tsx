import { sql } from 'kysely'
import { z } from 'zod'
import type { Deps } from '../deps.js'
import { may } from '../http/roles.js'
import { openRoundsParticipation } from '../voting/round-report.service.js'
import { participationRate } from '../voting/rules.js'
import { ANALYSTS, EDITORS, renderAdminPage, STAFF } from '../web/admin-frame.js'
import { requirePage } from '../web/guard.js'
import type { Pages } from '../web/pages.js'
import { Figures, type Period, percent } from './figures.view.js'
import { type FirstSteps, FirstStepsPanel } from './first-steps.view.js'
import { MAX_MONTHS, monthIndex, monthOf } from './period.js'
import { cohortReport, monthlyReport, summaryReport } from './reports.service.js'

const periodQuery = z.object({ months: z.enum(['12', '24', 'all']).catch('12') })

/** The first month with any membership movement, so "all" starts where the history does. */
async function firstMonth(db: Deps['db']): Promise<string | undefined> {
  const { rows } = await sql<{ m: string | null }>`
    select to_char(min(day), 'YYYY-MM') as m from membership_daily`.execute(db)
  return rows[0]?.m ?? undefined
}

/** What a new newsroom has yet to do: connect Stripe, make a tier, open a round. */
async function firstSteps(deps: Deps): Promise<FirstSteps> {
  const { rows } = await sql<{ tiers: boolean; rounds: boolean }>`
    select exists (select 1 from tiers) as tiers, exists (select 1 from rounds) as rounds`.execute(deps.db)
  return { stripe: Boolean(deps.stripe), tiers: Boolean(rows[0]?.tiers), rounds: Boolean(rows[0]?.rounds) }
}

export function registerDashboardPages(pages: Pages, deps: Deps): void {
  // Figures only read: from the replica when one is configured.
  const db = deps.readDb
  pages.get('/admin', async ({ req, res, page }) => {
    const session = requirePage(page, STAFF)
    const period = periodQuery.parse(req.query).months
    const rounds = await openRoundsParticipation(db, 5)
    const figures = may(session.auth.role, ANALYSTS) ? await reportFigures(db, period) : undefined
    const steps = may(session.auth.role, EDITORS) ? await firstSteps(deps) : undefined
    renderAdminPage(
      res,
      page,
      {
        title: page.i18n.t('admin.dash.title'),
        current: '/admin',
        styles: figures ? ['uplot.css'] : [],
        scripts: figures ? ['uplot.js', 'dashboard.js'] : [],
      },
      <>
        {steps ? <FirstStepsPanel page={page} steps={steps} /> : null}
        {figures ? <Figures page={page} period={period} {...figures} /> : null}
        <section aria-labelledby="rounds-heading">
          <h2 id="rounds-heading">{page.i18n.t('admin.dash.openRounds')}</h2>
          {rounds.length === 0 ? <p class="muted">{page.i18n.t('admin.dash.noOpenRound')}</p> : null}
          <ul class="plain-list">
            {rounds.map((r) => (
              <li key={r.id}>
                <a href={`/admin/rounds/${r.id}`}>{r.title}</a>:{' '}
                {page.i18n.t('admin.dash.participation', {
                  voters: r.voters,
                  eligible: r.eligibleVoters,
                  rate: percent(page.i18n, participationRate(r.voters, r.eligibleVoters)),
                })}
              </li>
            ))}
          </ul>
        </section>
      </>,
    )
  })
}

async function reportFigures(db: Deps['db'], period: Period) {
  const now = new Date()
  const end = monthOf(now)
  const first = period === 'all' ? await firstMonth(db) : undefined
  const start = period === 'all' ? (first ? monthIndex(first) : end) : end - (Number(period) - 1)
  const range = { from: Math.max(start, end - (MAX_MONTHS - 1)), to: end }
  const [summary, monthly, cohorts] = await Promise.all([
    summaryReport(db, now),
    monthlyReport(db, range, now),
    // Cohorts follow the period, at most two years of them: wider tables stop being readable.
    cohortReport(db, { from: Math.max(range.from, end - 23), to: end }, now),
  ])
  return { summary, monthly: monthly.data, cohorts: cohorts.data }
}
