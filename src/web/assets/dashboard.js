// Draws a chart above each table marked data-chart, from the table's own cells; the table stays
// the accessible source of the same figures. Needs uPlot (loaded before this, both deferred).
;(() => {
  const palette = ['#0b5c8e', '#c2410c', '#1e6b3a', '#7c3aed', '#a3261b']
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches
  const axisColour = dark ? '#b3afa6' : '#5a5750'
  const gridColour = dark ? '#3d3b37' : '#d9d5cc'

  const locale = document.documentElement.lang || undefined

  /** Digits after the point of a currency's major unit (2 for EUR, 0 for JPY), as the server counts them. */
  const exponentOf = (currency) =>
    new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits

  function seriesOf(table) {
    const heads = [...table.tHead.rows[0].cells].slice(1)
    const names = heads.map((c) => c.textContent.trim())
    // Money columns hold minor units (cents); the chart plots major units, as the table shows them.
    const currencies = heads.map((c) => c.dataset.currency)
    const rows = [...table.tBodies[0].rows]
    // Months are evenly spaced points labelled as the table labels them (in the page's language).
    const labels = rows.map((r) => r.cells[0].textContent.trim())
    const xs = rows.map((_, i) => i)
    const columns = names.map((_, i) => {
      const scale = currencies[i] ? 10 ** exponentOf(currencies[i]) : 1
      return rows.map((r) => Number(r.cells[i + 1].dataset.value) / scale)
    })
    return { names, labels, xs, columns, currencies }
  }

  /**
   * The value axis in the page's language: money with its currency when every series has the same
   * one (in several currencies, plain amounts); counts as whole numbers (no 0.5 patron).
   */
  function valueLabel(currencies) {
    const codes = [...new Set(currencies)]
    if (codes.length === 1 && codes[0]) {
      const money = new Intl.NumberFormat(locale, {
        style: 'currency',
        currency: codes[0],
        trailingZeroDisplay: 'stripIfInteger',
      })
      return (v) => money.format(v)
    }
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })
    if (codes.some(Boolean)) return (v) => number.format(v)
    return (v) => (Number.isInteger(v) ? number.format(v) : '')
  }

  function draw(table) {
    const target = document.querySelector(`[data-chart-for="${table.id}"]`)
    if (!target || typeof uPlot === 'undefined') return
    const { names, labels, xs, columns, currencies } = seriesOf(table)
    if (xs.length < 2) return
    const label = valueLabel(currencies)
    const width = Math.max(280, target.clientWidth)
    const axis = { stroke: axisColour, grid: { stroke: gridColour, width: 1 }, ticks: { stroke: gridColour } }
    const opts = {
      width,
      height: Math.round(Math.min(320, width * 0.5)),
      // Room on the right for the last month's label.
      padding: [12, 48, 0, 0],
      scales: { x: { time: false } },
      axes: [
        {
          ...axis,
          // Room for the longest month label ("September 2026"), so that none overlap.
          space: Math.max(70, 7 * Math.max(...labels.map((l) => l.length))),
          incrs: [1, 2, 3, 6, 12],
          values: (_, splits) => splits.map((i) => labels[i] ?? ''),
        },
        {
          ...axis,
          size: 80,
          // Counts step by whole numbers: no gridline at half a patron.
          ...(currencies.some(Boolean)
            ? {}
            : { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] }),
          values: (_, splits) => {
            const drawn = splits.map(label)
            // The canvas cannot be read: the labels drawn are kept beside it (tests read them).
            target.dataset.valueLabels = JSON.stringify(drawn)
            return drawn
          },
        },
      ],
      legend: { live: false },
      series: [
        {},
        ...names.map((label, i) => ({
          label,
          stroke: palette[i % palette.length],
          width: 2,
          points: { show: true, size: 6, fill: palette[i % palette.length] },
        })),
      ],
    }
    target.replaceChildren()
    new uPlot(opts, [xs, ...columns], target)
  }

  const tables = [...document.querySelectorAll('table[data-chart]')]
  const drawAll = () => tables.forEach(draw)
  drawAll()
  let timer
  window.addEventListener('resize', () => {
    clearTimeout(timer)
    timer = setTimeout(drawAll, 150)
  })
})()
