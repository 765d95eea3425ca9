/**
 * What the service's resident memory holds, read from its own GET /metrics (prom-client's process
 * metrics: V8's heap by space, memory outside the heap, ArrayBuffers), sampled during a load run so
 * the figures of the moment of its highest RSS are the ones reported.
 */
import { round } from './measure.js'
import type { ChildService } from './service.js'

export const BENCH_METRICS_TOKEN = 'bench-metrics-token'

export type MemoryBreakdown = Record<string, number>

const MB = 1024 * 1024

async function breakdown(service: ChildService): Promise<MemoryBreakdown> {
  const res = await fetch(`${service.url}/metrics`, {
    headers: { authorization: `Bearer ${BENCH_METRICS_TOKEN}` },
    signal: AbortSignal.timeout(2_000),
  })
  const text = await res.text()
  const value = (name: string) =>
    Number(new RegExp(`^${name} ([\\d.e+]+)`, 'm').exec(text)?.[1] ?? Number.NaN)
  const parts: MemoryBreakdown = {
    rss: value('process_resident_memory_bytes'),
    'V8 heap, total': value('nodejs_heap_size_total_bytes'),
    'V8 heap, used': value('nodejs_heap_size_used_bytes'),
    'outside the heap (external)': value('nodejs_external_memory_bytes'),
  }
  for (const [, space, bytes] of text.matchAll(
    /^nodejs_heap_space_size_total_bytes\{space="(\w+)"\} ([\d.e+]+)/gm,
  ))
    parts[`V8 ${space}`] = Number(bytes)
  return Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round(v / MB)]))
}

/** Samples the breakdown every `everyMs` while `run` runs; returns the sample of the highest RSS. */
export async function atPeak<T>(
  service: ChildService,
  run: () => Promise<T>,
  everyMs = 500,
): Promise<{ result: T; peak: MemoryBreakdown | undefined }> {
  let peak: MemoryBreakdown | undefined
  let sampling = Promise.resolve()
  const timer = setInterval(() => {
    sampling = sampling
      .then(() => breakdown(service))
      .then((b) => {
        if (!peak || (b.rss ?? 0) > (peak.rss ?? 0)) peak = b
      })
      .catch(() => {})
  }, everyMs)
  try {
    return { result: await run(), peak }
  } finally {
    clearInterval(timer)
    await sampling
  }
}

export const describeBreakdown = (b: MemoryBreakdown | undefined) =>
  b
    ? Object.entries(b)
        .map(([k, v]) => `${k} ${v} MB`)
        .join(', ')
    : 'n/a'
