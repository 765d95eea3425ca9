import type { PageContext } from '../web/context.js'
import type { I18n } from '../web/i18n/index.js'
import { byMonth, ChartTable, CohortTable, currenciesOf, monthLabel } from './dashboard.view.js'
import type { MonthlyRow } from './figures.js'
import type { cohortReport, summaryReport } from './reports.service.js'

/** The dashboard's figures for analysts and admins: tiles, charts with their tables, cohorts. */
export type Period = '12' | '24' | 'all'
type Summary = Awaited<ReturnType<typeof summaryReport>>
type Month = ReturnType<typeof byMonth>[number]

export const percent = (i18n: I18n, fraction: number) =>
  new Intl.NumberFormat(i18n.locale, { style: 'percent', maximumFractionDigits: 1 }).format(fraction)

function Change(props: {
  i18n: I18n
  now: number
  before: number | undefined
  format: (n: number) => string
}) {
  if (props.before === undefined) return null
  const delta = props.now - props.before
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±'
  return (
    <p class="tile-change muted">
      {props.i18n.t('admin.dash.sinceLastMonth', { change: `${sign}${props.format(Math.abs(delta))}` })}
    </p>
  )
}

function PeriodPicker(props: { i18n: I18n; period: Period }) {
  const t = props.i18n.t
  return (
    <form method="get" action="/admin" class="period-picker">
      <label for="months">{t('admin.dash.period')}</label>
      <select id="months" name="months">
        {(['12', '24', 'all'] as const).map((p) => (
          <option key={p} value={p} selected={p === props.period}>
            {t(`admin.dash.period.${p}`)}
          </option>
        ))}
      </select>
      <button type="submit" class="secondary">
        {t('admin.dash.show')}
      </button>
    </form>
  )
}

function SummaryTiles(props: { i18n: I18n; summary: Summary; previous: Month | undefined }) {
  const { i18n, summary, previous } = props
  const t = i18n.t
  const num = (n: number) => new Intl.NumberFormat(i18n.locale).format(n)
  return (
    <section aria-labelledby="figures-heading">
      <h2 id="figures-heading" class="visually-hidden">
        {t('admin.dash.figures')}
      </h2>
      <ul class="tiles">
        {summary.revenue.map((r) => (
          <li class="tile" key={`mrr-${r.currency}`}>
            <p class="tile-label">{t('admin.dash.mrr', { currency: r.currency.toUpperCase() })}</p>
            <p class="tile-value">{i18n.money(r.mrr, r.currency)}</p>
            <Change
              i18n={i18n}
              now={r.mrr}
              before={previous?.of(r.currency)?.mrr}
              format={(n) => i18n.money(n, r.currency)}
            />
          </li>
        ))}
        <li class="tile">
          <p class="tile-label">{t('admin.dash.activePatrons')}</p>
          <p class="tile-value">{num(summary.activePatrons)}</p>
          <Change
            i18n={i18n}
            now={summary.activePatrons}
            before={previous?.sum((r) => r.activePatrons)}
            format={num}
          />
        </li>
        <li class="tile">
          <p class="tile-label">{t('admin.dash.churnRate')}</p>
          <p class="tile-value">{percent(i18n, summary.churnRate30d)}</p>
          <p class="tile-change muted">
            {t('admin.dash.churnSplit', {
              voluntary: summary.churnedPatrons30d.voluntary,
              involuntary: summary.churnedPatrons30d.involuntary,
            })}
          </p>
        </li>
        {summary.revenue.map((r) => (
          <li class="tile" key={`arpu-${r.currency}`}>
            <p class="tile-label">{t('admin.dash.arpu', { currency: r.currency.toUpperCase() })}</p>
            <p class="tile-value">{i18n.money(r.arpu, r.currency)}</p>
          </li>
        ))}
        <li class="tile">
          <p class="tile-label">{t('admin.dash.pastDueComped')}</p>
          <p class="tile-value">
            {num(summary.pastDue)} · {num(summary.compedMembers)}
          </p>
        </li>
        {summary.oneTime30d.map((o) => (
          <li class="tile" key={`one-time-${o.currency}`}>
            <p class="tile-label">{t('admin.dash.oneTime30d', { currency: o.currency.toUpperCase() })}</p>
            <p class="tile-value">{i18n.money(o.amount, o.currency)}</p>
            <p class="tile-change muted">{i18n.plural('admin.dash.oneTimeCount', o.count)}</p>
          </li>
        ))}
        <li class="tile">
          <p class="tile-label">{t('admin.dash.gifted')}</p>
          <p class="tile-value">{num(summary.giftedMembers)}</p>
        </li>
      </ul>
    </section>
  )
}

/** One-time money per month and currency, apart from MRR (refunds deducted in their own month). */
function OneTimeChart(props: { i18n: I18n; months: ReturnType<typeof byMonth>; currencies: string[] }) {
  const { i18n, months, currencies } = props
  const t = i18n.t
  return (
    <section aria-labelledby="one-time-heading">
      <h2 id="one-time-heading">{t('admin.dash.oneTimeChart')}</h2>
      <ChartTable
        id="chart-one-time"
        kind="line"
        caption={t('admin.dash.oneTimeChart')}
        columns={[t('admin.dash.month'), ...currencies.map((c) => c.toUpperCase())]}
        rows={months.map((m) => ({
          month: m.month,
          label: monthLabel(i18n, m.month),
          values: currencies.map((c) => m.of(c)?.oneTimeAmount ?? 0),
        }))}
        format={(v, i) => i18n.money(v, currencies[i]!)}
      />
    </section>
  )
}

function MonthlyCharts(props: { i18n: I18n; monthly: MonthlyRow[] }) {
  const { i18n } = props
  const t = i18n.t
  const months = byMonth(props.monthly)
  const currencies = currenciesOf(props.monthly)
  const num = (n: number) => new Intl.NumberFormat(i18n.locale).format(n)
  return (
    <>
      {months.length === 0 ? (
        <p class="muted">{t('admin.dash.noHistory')}</p>
      ) : (
        <>
          <section aria-labelledby="mrr-heading">
            <h2 id="mrr-heading">{t('admin.dash.mrrChart')}</h2>
            <ChartTable
              id="chart-mrr"
              kind="line"
              caption={t('admin.dash.mrrChart')}
              columns={[t('admin.dash.month'), ...currencies.map((c) => c.toUpperCase())]}
              currencies={currencies.map((c) => c.toUpperCase())}
              rows={months.map((m) => ({
                month: m.month,
                label: monthLabel(i18n, m.month),
                values: currencies.map((c) => m.of(c)?.mrr ?? 0),
              }))}
              format={(v, i) => i18n.money(v, currencies[i]!)}
            />
          </section>
          <section aria-labelledby="patrons-heading">
            <h2 id="patrons-heading">{t('admin.dash.patronsChart')}</h2>
            <ChartTable
              id="chart-patrons"
              kind="line"
              caption={t('admin.dash.patronsChart')}
              columns={[t('admin.dash.month'), t('admin.dash.activePatrons')]}
              rows={months.map((m) => ({
                month: m.month,
                label: monthLabel(i18n, m.month),
                values: [m.sum((r) => r.activePatrons)],
              }))}
              format={num}
            />
          </section>
          <OneTimeChart i18n={i18n} months={months} currencies={currencies} />
          <section aria-labelledby="movement-heading">
            <h2 id="movement-heading">{t('admin.dash.movementChart')}</h2>
            <ChartTable
              id="chart-movement"
              kind="line"
              caption={t('admin.dash.movementChart')}
              columns={[
                t('admin.dash.month'),
                t('admin.dash.new'),
                t('admin.dash.voluntary'),
                t('admin.dash.involuntary'),
              ]}
              rows={months.map((m) => ({
                month: m.month,
                label: monthLabel(i18n, m.month),
                values: [
                  m.sum((r) => r.newPatrons),
                  m.sum((r) => r.churnedVoluntary),
                  m.sum((r) => r.churnedInvoluntary),
                ],
              }))}
              format={num}
            />
          </section>
        </>
      )}
    </>
  )
}

export function Figures(props: {
  page: PageContext
  period: Period
  summary: Awaited<ReturnType<typeof summaryReport>>
  monthly: MonthlyRow[]
  cohorts: Awaited<ReturnType<typeof cohortReport>>['data']
}) {
  const { i18n } = props.page
  const t = i18n.t
  const previous = byMonth(props.monthly).at(-2)
  const { summary } = props
  return (
    <>
      <PeriodPicker i18n={i18n} period={props.period} />
      <SummaryTiles i18n={i18n} summary={summary} previous={previous} />
      <MonthlyCharts i18n={i18n} monthly={props.monthly} />
      <section aria-labelledby="cohorts-heading">
        <h2 id="cohorts-heading">{t('admin.dash.cohorts')}</h2>
        {props.cohorts.length === 0 ? (
          <p class="muted">{t('admin.dash.noHistory')}</p>
        ) : (
          <CohortTable
            i18n={i18n}
            cohorts={props.cohorts}
            caption={t('admin.dash.cohortsCaption')}
            sizeLabel={t('admin.dash.cohortSize')}
          />
        )}
      </section>
      <p class="button-row">
        <a class="button secondary" href="/admin/exports/members.csv" download>
          {t('admin.dash.exportMembers')}
        </a>
      </p>
    </>
  )
}
