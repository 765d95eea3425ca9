/** autocannon as a library, reduced to the figures the bench reports. */
import autocannon from 'autocannon'

export interface LoadFigures {
  /** Completed 2xx responses per second over the measured window. */
  reqPerSec: number
  p50Ms: number
  p99Ms: number
  ok: number
  non2xx: number
  /** Connection errors and timeouts. */
  errors: number
  statusCodes: Record<string, number>
  durationS: number
}

export type LoadOptions = Pick<
  autocannon.Options,
  'url' | 'method' | 'headers' | 'body' | 'requests' | 'connections' | 'duration' | 'amount' | 'timeout'
>

export async function load(options: LoadOptions): Promise<LoadFigures> {
  const result = await autocannon({ connections: 50, timeout: 10, ...options })
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]),
  )
  return {
    reqPerSec: round(result['2xx'] / result.duration),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
    durationS: round(result.duration),
  }
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits
  return Math.round(n * f) / f
}

export function ratio(a: number, b: number): number {
  return b > 0 ? round(a / b, 2) : 0
}

/** A plain-text table: first row is the header. */
export function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)))
  return rows
    .map((r, n) => {
      const line = r.map((c, i) =>
        typeof c === 'number' ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!),
      )
      return n === 0 ? `${line.join('  ')}\n${widths.map((w) => '-'.repeat(w)).join('  ')}` : line.join('  ')
    })
    .join('\n')
}

/** The side-by-side table of load runs every suite prints. */
export function runsTable(runs: [string, LoadFigures & { cpuMsPerRequest: number }][]): string {
  return table([
    ['run', 'req/s', 'p50 ms', 'p99 ms', '2xx', 'non-2xx', 'errors', 'CPU ms/req'],
    ...runs.map(([name, f]) => [
      name,
      f.reqPerSec,
      f.p50Ms,
      f.p99Ms,
      f.ok,
      f.non2xx,
      f.errors,
      f.cpuMsPerRequest,
    ]),
  ])
}
