import { availableParallelism } from 'node:os'
import { ratio, round } from './measure.js'

export interface CeilingInput {
  /** What one request is: "event", "vote". */
  unit: string
  /** The service's CPU per request (it runs on one thread). */
  serviceMs: number
  /** CPU per request spent outside the service on the same cores: Postgres, the load generator, a fake Stripe. */
  othersMs: number
  healthzReqPerSec: number
  target: number
}

/**
 * Why a ratio to /healthz is what it is on this machine: the service serves on one thread, and each of
 * its requests also costs Postgres's and the load generator's CPU, all on the same cores. So requests/s
 * cannot pass min(1000 / service ms, cores × 1000 / (service + others) ms), whatever the code.
 */
export function ceilingNote(f: CeilingInput): string {
  const cores = availableParallelism()
  const wanted = f.target * f.healthzReqPerSec
  const limit = (serviceMs: number) =>
    Math.min(
      serviceMs > 0 ? 1000 / serviceMs : Number.POSITIVE_INFINITY,
      (cores * 1000) / (serviceMs + f.othersMs),
    )
  const free = round(limit(0))
  const now = round(limit(f.serviceMs))
  const needed = round(Math.min(1000 / wanted, (cores * 1000) / wanted - f.othersMs), 3)
  return (
    `the ceiling here: ${cores} cores; per ${f.unit} ${round(f.othersMs, 3)} ms of CPU outside the service ` +
    `(Postgres and the load generator) allow at most ${free} ${f.unit}s/s ` +
    `(${ratio(free, f.healthzReqPerSec)} of /healthz) even if the service took no CPU; with its ` +
    `${f.serviceMs} ms, at most ${now} (${ratio(now, f.healthzReqPerSec)}). The ${f.target} target ` +
    (needed > 0
      ? `needs the service at ${needed} ms per ${f.unit} or less.`
      : 'is out of reach here even for a service that took no CPU.')
  )
}
