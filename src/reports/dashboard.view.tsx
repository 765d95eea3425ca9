import type { I18n } from '../web/i18n/index.js'
import { TableScroll } from '../web/table-scroll.js'
import type { CohortRow, MonthlyRow } from './figures.js'

/** A table a chart is drawn from (by /assets/dashboard.js): one row per month, a column per series. */
export function ChartTable(props: {
  id: string
  caption: string
  kind: 'line'
  columns: string[]
  /** Per value column, its currency when the values are money in minor units (the chart shows major units). */
  currencies?: string[]
  rows: { month: string; label: string; values: number[] }[]
  format: (value: number, column: number) => string
}) {
  return (
    <figure class="chart-figure">
      <div class="chart" data-chart-for={props.id} aria-hidden="true" />
      <TableScroll label={props.caption}>
        <table id={props.id} data-chart={props.kind}>
          <caption class="visually-hidden">{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">{props.columns[0]}</th>
              {props.columns.slice(1).map((c, i) => (
                <th scope="col" key={c} data-currency={props.currencies?.[i]}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.month}>
                <th scope="row" data-x={r.month}>
                  {r.label}
                </th>
                {r.values.map((v, i) => (
                  <td key={props.columns[i + 1]} data-value={v} class="num">
                    {props.format(v, i)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </figure>
  )
}

export function currenciesOf(rows: MonthlyRow[]): string[] {
  return [...new Set(rows.map((r) => r.currency))].sort()
}

/** Month rows of the monthly report, one per month with every currency's values side by side. */
export function byMonth(rows: MonthlyRow[]) {
  const months = new Map<string, MonthlyRow[]>()
  for (const r of rows) months.set(r.month, [...(months.get(r.month) ?? []), r])
  return [...months.entries()].map(([month, list]) => ({
    month,
    of: (currency: string) => list.find((r) => r.currency === currency),
    sum: (pick: (r: MonthlyRow) => number) => list.reduce((n, r) => n + pick(r), 0),
  }))
}

export const monthLabel = (i18n: I18n, month: string) => i18n.month(`${month}-15T12:00:00Z`)

/** Cohort retention: a row per cohort, a column per month since it joined, shaded by the rate. */
export function CohortTable(props: { i18n: I18n; cohorts: CohortRow[]; caption: string; sizeLabel: string }) {
  const { i18n } = props
  const width = Math.max(0, ...props.cohorts.map((c) => c.retained.length))
  const percent = new Intl.NumberFormat(i18n.locale, { style: 'percent', maximumFractionDigits: 0 })
  return (
    <TableScroll label={props.caption}>
      <table class="cohorts">
        <caption class="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{i18n.t('admin.dash.cohort')}</th>
            <th scope="col">{props.sizeLabel}</th>
            {Array.from({ length: width }, (_, i) => (
              <th scope="col" key={i}>
                {i18n.t('admin.dash.monthN', { n: i })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.cohorts.map((c) => (
            <tr key={c.cohort}>
              <th scope="row">{monthLabel(i18n, c.cohort)}</th>
              <td class="num">{c.size}</td>
              {Array.from({ length: width }, (_, i) => {
                const cell = c.retained[i]
                if (!cell) return <td key={i} />
                const shade = Math.max(0, Math.min(10, Math.round(cell.rate * 10)))
                return (
                  <td key={i} class={`num shade-${shade}`} title={String(cell.patrons)}>
                    {percent.format(cell.rate)}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}
