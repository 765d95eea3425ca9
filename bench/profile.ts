/** A short reading of V8 CPU profiles (node --cpu-prof): where the self time went, by function and package. */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}
interface CpuProfile {
  startTime: number
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** A time window in microseconds of the monotonic clock (process.hrtime), which V8's profiler also uses. */
export interface Window {
  fromUs: number
  toUs: number
}

export const monotonicUs = () => Number(process.hrtime.bigint() / 1000n)

/** Self time of each profile in the directory, counting only samples inside the window when given. */
export function summariseProfiles(dir: string, window?: Window, top = 20): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
  return files
    .map((f) => {
      const profile: CpuProfile = JSON.parse(readFileSync(join(dir, f), 'utf8'))
      return `CPU profile ${join(dir, f)}\n${summarise(profile, window, top)}`
    })
    .join('\n')
}

function summarise(profile: CpuProfile, window: Window | undefined, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const byFunction = new Map<string, number>()
  const byPackage = new Map<string, number>()
  let total = 0
  let at = profile.startTime
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0
    at += micros
    if (window && (at < window.fromUs || at > window.toUs)) return
    const frame = byId.get(id)!.callFrame
    total += micros
    const where = shortUrl(frame.url)
    const fn = `${frame.functionName || '(anonymous)'} ${where}${where ? `:${frame.lineNumber + 1}` : ''}`
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros)
    byPackage.set(packageOf(frame), (byPackage.get(packageOf(frame)) ?? 0) + micros)
  })
  const pct = (v: number) => `${((100 * v) / total).toFixed(1).padStart(5)}%`
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => `  ${pct(v)}  ${k}`)
      .join('\n')
  return `self time by package (${(total / 1e6).toFixed(1)} s sampled):\n${list(byPackage)}\nself time by function:\n${list(byFunction)}`
}

function shortUrl(url: string): string {
  const i = url.lastIndexOf('node_modules/')
  if (i >= 0) return url.slice(i + 'node_modules/'.length)
  const src = url.search(/\/(src|bench)\//)
  return src >= 0 ? url.slice(src + 1) : url.replace(/^file:\/\//, '')
}

function packageOf(frame: ProfileNode['callFrame']): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url)
  if (m) return m[1]!
  if (/\/src\//.test(frame.url)) return 'src (the service)'
  if (frame.url.startsWith('node:')) return 'node core (js)'
  if (!frame.url) return frame.functionName || '(native)'
  return frame.url
}
