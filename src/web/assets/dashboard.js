// Draws a chart above each table marked data-chart, from the table's own cells; the table stays
// the accessible source of the same figures. Needs uPlot (loaded before this, both deferred).
;(() => {
  const palette = ['#0b5c8e', '#c2410c', '#1e6b3a', '#7c3aed', '#a3261b']
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches
  const axisColour = dark ? '#b3afa6' : '#5a5750'
  const gridColour = dark ? '#3d3b37' : '#d9d5cc'

  function seriesOf(table) {
    const names = [...table.tHead.rows[0].cells].slice(1).map((c) => c.textContent.trim())
    const rows = [...table.tBodies[0].rows]
    // Months are evenly spaced points labelled as the table labels them (in the page's language).
    const labels = rows.map((r) => r.cells[0].textContent.trim())
    const xs = rows.map((_, i) => i)
    const columns = names.map((_, i) => rows.map((r) => Number(r.cells[i + 1].dataset.value)))
    return { names, labels, xs, columns }
  }

  function draw(table) {
    const target = document.querySelector(`[data-chart-for="${table.id}"]`)
    if (!target || typeof uPlot === 'undefined') return
    const { names, labels, xs, columns } = seriesOf(table)
    if (xs.length < 2) return
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
          space: 70,
          incrs: [1, 2, 3, 6, 12],
          values: (_, splits) => splits.map((i) => labels[i] ?? ''),
        },
        { ...axis, size: 70 },
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
