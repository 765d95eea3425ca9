/**
 * Where a request's time goes before any work: GET /healthz on a bare node:http server, on Express
 * alone, then with the middleware the service used to put in front of every route added one at a
 * time (bench/middleware.app.ts), and finally the service's own app. Each stack is its own child
 * process, loaded in turn at 50 connections; every figure is a ratio to the bare node:http server
 * measured in the same run (before and after). `LOG_LEVEL=info` in the environment logs every
 * request (to /dev/null) as a production service at its default level does.
 */

import { measured } from './load.bench.js'
import { type LoadFigures, load, ratio, round, table } from './measure.js'
import { loadSeconds } from './options.js'
import type { Suite } from './run.js'
import { BENCH_JWT_SECRET, BENCH_PUBLIC_URL, spawnScript } from './service.js'

const CONNECTIONS = 50

/** Each layer the service used to put in front of every route, in its order. */
const LAYERS: [string, string][] = [
  ['+ pino-http (request id, access log)', 'pino-http'],
  ['+ request id context (AsyncLocalStorage)', 'request-id-context'],
  ['+ metrics timer (hrtime, finish listener)', 'metrics-timer'],
  ['+ helmet()', 'helmet'],
  ['+ malformed-URL check', 'malformed-url'],
  ['+ CORS on its paths', 'cors'],
  ['+ the pages router in front', 'pages-router'],
  ['+ JSON body parser', 'json-parser'],
]

/** Cumulative: each stack is the one before it plus one layer. */
const STACKS: [string, string[]][] = [
  ['bare node:http', ['node-http']],
  ['Express 5, no middleware', ['express']],
  ...LAYERS.map(([name], i): [string, string[]] => [
    name,
    ['express', ...LAYERS.slice(0, i + 1).map(([, l]) => l)],
  ]),
  ['the service (createApp of this branch)', ['service']],
]

export const middlewareSuite: Suite = {
  name: 'middleware',
  description: `GET /healthz through each middleware stack at ${CONNECTIONS} connections, as a ratio to bare node:http`,
  async run({ serverUrl, log }) {
    const seconds = Math.max(2, Math.round(loadSeconds / 2))
    const logLevel = process.env.LOG_LEVEL ?? 'warn'
    const env = {
      // Opened lazily by the pg pool: /healthz never touches it (PGlite would boot in the background).
      DATABASE_URL: serverUrl,
      LOG_LEVEL: logLevel,
      JWT_SECRET: BENCH_JWT_SECRET,
      PUBLIC_URL: BENCH_PUBLIC_URL,
      NODE_ENV: 'production',
    }
    const runStack = async (layers: string[]) => {
      const child = await spawnScript('bench/middleware.app.ts', {
        env: { ...env, LAYERS: layers.join(',') },
      })
      try {
        const url = `${child.url}/healthz`
        await load({ url, connections: CONNECTIONS, duration: 1 })
        return await measured(child, () => load({ url, connections: CONNECTIONS, duration: seconds }))
      } finally {
        await child.stop()
      }
    }
    log(`${STACKS.length + 1} stacks, ${seconds} s each, access log at ${logLevel}`)
    const bareBefore = await runStack(STACKS[0]![1])
    const runs: [string, LoadFigures & { cpuMsPerRequest: number }][] = []
    for (const [name, layers] of STACKS.slice(1)) runs.push([name, await runStack(layers)])
    const bareAfter = await runStack(STACKS[0]![1])
    const bare = (bareBefore.reqPerSec + bareAfter.reqPerSec) / 2
    const rows = [
      ['bare node:http (before / after)', round(bare), 1, bareBefore.cpuMsPerRequest, 0] as (
        | string
        | number
      )[],
    ]
    let previousCpu = bareBefore.cpuMsPerRequest
    for (const [name, f] of runs) {
      rows.push([
        name,
        f.reqPerSec,
        ratio(f.reqPerSec, bare),
        f.cpuMsPerRequest,
        round((f.cpuMsPerRequest - previousCpu) * 1000, 0),
      ])
      if (name !== 'the service (createApp of this branch)') previousCpu = f.cpuMsPerRequest
    }
    log(table([['GET /healthz', 'req/s', '/ bare', 'CPU ms/req', 'added µs'], ...rows]))
    const service = runs.at(-1)![1]
    const serviceRatio = ratio(service.reqPerSec, bare)
    log(
      `the service's /healthz / bare node:http: ${serviceRatio} (target >= 0.4)${serviceRatio >= 0.4 ? '  met' : '  MISSED'}`,
    )
    return {
      logLevel,
      seconds,
      bareNodeHttp: { before: bareBefore, after: bareAfter, reqPerSec: round(bare) },
      stacks: Object.fromEntries(runs.map(([name, f]) => [name, { ...f, toBare: ratio(f.reqPerSec, bare) }])),
      serviceToBare: serviceRatio,
    }
  },
}
