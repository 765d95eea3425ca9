/**
 * A short reading of V8 CPU profiles (node --cpu-prof): where the time went by phase of a request
 * (bench/phases.ts), then the self time by function and package.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { table } from './measure.js'
import { cpuProfileDir, profileDetails } from './options.js'
import { type Frame, PHASES, type Phase, phaseOf } from './phases.js'
import type { ChildService } from './service.js'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
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

export interface SummaryOptions {
  /** Only samples inside this window count. */
  window?: Window | undefined
  /** Requests completed in the window: the phase table then says µs of CPU per request. */
  requests?: number | undefined
  /** The process's CPU time in the window (from /proc): the phases are scaled to it. */
  cpu?: { userS: number; systemS: number } | undefined
  /** What a request is called in the phase table ("event", "vote"). */
  unit?: string
  /** Also the self time by package and by function, this many lines of each. */
  top?: number | undefined
}

/** Each profile in the directory: time by phase of a request, then self time by package and function. */
export function summariseProfiles(dir: string, options: SummaryOptions = {}): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
  return files
    .map((f) => {
      const profile: CpuProfile = JSON.parse(readFileSync(join(dir, f), 'utf8'))
      return `CPU profile ${join(dir, f)}\n${summarise(profile, options)}`
    })
    .join('\n')
}

function summarise(profile: CpuProfile, options: SummaryOptions): string {
  const { window, requests, unit = 'request', top, cpu } = options
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const phaseOfNode = phasesByNode(profile)
  const byFunction = new Map<string, number>()
  const byPackage = new Map<string, number>()
  const byPhase = new Map<Phase, PhaseTime>()
  let total = 0
  let at = profile.startTime
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i] ?? 0
    at += micros
    if (window && (at < window.fromUs || at > window.toUs)) return
    const frame = byId.get(id)!.callFrame
    total += micros
    const phase = phaseOfNode.get(id)
    if (phase) {
      const t = byPhase.get(phase) ?? { inJs: 0, inSyscalls: 0 }
      if (SYSCALLS.has(frame.functionName) && !frame.url) t.inSyscalls += micros
      else t.inJs += micros
      byPhase.set(phase, t)
    }
    const where = shortUrl(frame.url)
    const fn = `${frame.functionName || '(anonymous)'} ${where}${where ? `:${frame.lineNumber + 1}` : ''}`
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros)
    byPackage.set(packageOf(frame), (byPackage.get(packageOf(frame)) ?? 0) + micros)
  })
  const pct = (v: number) => `${((100 * v) / total).toFixed(1).padStart(5)}%`
  const list = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top ?? 0)
      .map(([k, v]) => `  ${pct(v)}  ${k}`)
      .join('\n')
  const phases = phaseTable(byPhase, requests, unit, cpu)
  if (!top) return phases
  return `${phases}\nself time by package (${(total / 1e6).toFixed(1)} s sampled):\n${list(byPackage)}\nself time by function:\n${list(byFunction)}`
}

/** Sampled time of a phase: in socket system calls (the kernel's time), and the rest (JS, GC, V8). */
interface PhaseTime {
  inJs: number
  inSyscalls: number
}

/** Native leaves that are system calls on sockets: their samples are the kernel's time (or waiting). */
const SYSCALLS = new Set([
  'writev',
  'writeBuffer',
  'writeUtf8String',
  'writeLatin1String',
  'writeAsciiString',
])

/**
 * Time by phase (idle left out): its share of the samples and, given the request count, µs per
 * request. V8 samples by the clock, so a sample also counts time the process waited to be scheduled
 * (mostly inside socket writes, which wake the receiving process): on a busy machine the sampled
 * total exceeds the CPU the process used. Given that CPU (from /proc), the CPU column spreads its
 * user time over the phases' samples outside system calls and its system time over those inside.
 */
function phaseTable(
  byPhase: Map<Phase, PhaseTime>,
  requests: number | undefined,
  unit: string,
  cpu: SummaryOptions['cpu'],
): string {
  const sum = (f: (t: PhaseTime) => number) => [...byPhase.values()].reduce((a, t) => a + f(t), 0)
  const all = { inJs: sum((t) => t.inJs), inSyscalls: sum((t) => t.inSyscalls) }
  const busy = all.inJs + all.inSyscalls
  const each = (us: number) => (requests ? Math.round(us / requests) : '')
  const cpuOf = (t: PhaseTime) =>
    cpu
      ? (cpu.userS * 1e6 * t.inJs) / Math.max(1, all.inJs) +
        (cpu.systemS * 1e6 * t.inSyscalls) / Math.max(1, all.inSyscalls)
      : undefined
  const row = (name: string, t: PhaseTime) => {
    const v = t.inJs + t.inSyscalls
    const c = cpuOf(t)
    return [name, `${((100 * v) / busy).toFixed(1)}%`, each(v), c === undefined ? '' : each(c)]
  }
  const rows = PHASES.filter((p) => byPhase.has(p)).map((p) => row(p, byPhase.get(p)!))
  const kernel =
    cpu && requests
      ? `; CPU ${each((cpu.userS + cpu.systemS) * 1e6)} µs per ${unit}, of it ${each(cpu.systemS * 1e6)} in the kernel`
      : ''
  return `where the service's time went, by phase (${(busy / 1e6).toFixed(2)} s sampled${requests ? ` for ${requests} ${unit}s` : ''}${kernel}):\n${table(
    [['phase', 'share of samples', `sampled µs/${unit}`, `CPU µs/${unit}`], ...rows, row('total', all)],
  )}`
}

/** The phase of every node of the profile's call tree, from its stack (leaf first). */
function phasesByNode(profile: CpuProfile): Map<number, Phase | undefined> {
  const parentOf = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id)
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const phases = new Map<number, Phase | undefined>()
  for (const node of profile.nodes) {
    const stack: Frame[] = []
    for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id))
      stack.push(byId.get(id)!.callFrame)
    phases.set(node.id, phaseOf(stack))
  }
  return phases
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

/**
 * The breakdown pass every load suite ends with: a second service, the same as `npm start`'s but
 * under --cpu-prof (so the measured runs stay unprofiled), given a warm-up and one load run, then stopped;
 * the phase table of that run (and with --profile the function lists) is returned to print.
 */
export async function profiledPass(
  suite: string,
  unit: string,
  spawn: (cpuProfileDir: string) => Promise<ChildService>,
  run: (service: ChildService) => Promise<{ ok: number }>,
): Promise<string> {
  const dir = cpuProfileDir(suite)
  const service = await spawn(dir)
  let window: Window
  let ok: number
  let cpu: { userS: number; systemS: number }
  try {
    await run(service) // warm-up: the JIT's first compilations stay out of the window
    const fromUs = monotonicUs()
    const before = service.cpuSplit()
    ok = (await run(service)).ok
    const after = service.cpuSplit()
    cpu = { userS: after.userS - before.userS, systemS: after.systemS - before.systemS }
    window = { fromUs, toUs: monotonicUs() }
  } finally {
    await service.stop()
  }
  return summariseProfiles(dir, { window, requests: ok, unit, cpu, top: profileDetails ? 20 : undefined })
}
