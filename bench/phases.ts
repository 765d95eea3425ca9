/**
 * Phases of a request in the service, for reading a CPU profile by what the time was spent on rather
 * than by function: each sample goes to the innermost frame of its stack that names a phase (a package
 * or a file of ours), so Node's own code (sockets, streams, crypto, JSON) counts for whoever called it;
 * a stack of Node's code alone goes by the Node module it ran in.
 */

export interface Frame {
  functionName: string
  url: string
}

export const PHASES = [
  'HTTP server and Express (request, raw body, response)',
  'signature check (stripe.webhooks.constructEvent)',
  'JWT verification (jsonwebtoken)',
  'Stripe re-fetch through the SDK (request, HTTP client, JSON of the answer)',
  'our code (handlers, zod, snapshot)',
  'Kysely (query building, compile)',
  'pg (driver, protocol, pool)',
  'logging (pino)',
  'metrics (prom-client)',
  'sockets and event loop (no caller on the stack)',
  'garbage collector',
  'V8 and native, other',
] as const

export type Phase = (typeof PHASES)[number]
const [http, signature, jwt, stripe, ours, kysely, pg, logging, metrics, loop, gc, other] = PHASES

const PACKAGES: Record<string, Phase> = {
  express: http,
  router: http,
  'body-parser': http,
  'raw-body': http,
  'content-type': http,
  'type-is': http,
  'media-typer': http,
  'mime-types': http,
  'on-finished': http,
  finalhandler: http,
  'iconv-lite': http,
  qs: http,
  'http-errors': http,
  depd: http,
  'path-to-regexp': http,
  'content-disposition': http,
  cookie: http,
  vary: http,
  etag: http,
  fresh: http,
  'cookie-parser': http,
  jsonwebtoken: jwt,
  jws: jwt,
  jwa: jwt,
  'safe-buffer': jwt,
  'buffer-equal-constant-time': jwt,
  'ecdsa-sig-formatter': jwt,
  semver: jwt,
  ms: jwt,
  zod: ours,
  kysely,
  pg,
  'pg-protocol': pg,
  'pg-pool': pg,
  'pg-types': pg,
  'pg-connection-string': pg,
  'postgres-date': pg,
  'postgres-interval': pg,
  'postgres-array': pg,
  'postgres-bytea': pg,
  pino: logging,
  'pino-std-serializers': logging,
  '@pinojs/redact': logging,
  'fast-redact': logging,
  'sonic-boom': logging,
  'thread-stream': logging,
  'quick-format-unescaped': logging,
  'safe-stable-stringify': logging,
  'atomic-sleep': logging,
  'on-exit-leak-free': logging,
  'prom-client': metrics,
  tdigest: metrics,
  bintrees: metrics,
}

/** The phase of a frame of a package or of our sources; undefined for Node's code and natives. */
function phaseOfFrame(url: string): Phase | undefined {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1]
  if (pkg === 'stripe') return /\/(Webhooks|crypto\/)/.test(url) ? signature : stripe
  if (pkg) return PACKAGES[pkg] ?? other
  if (/\/src\/logger\.[jt]s$/.test(url)) return logging
  if (/\/src\/http\/metrics\.[jt]s$/.test(url)) return metrics
  if (/\/src\/http\/(front|route-table|error-handler|validate|router)\.[jt]s$/.test(url)) return http
  if (/\/src\/db\//.test(url)) return pg
  if (/\/src\//.test(url)) return ours
  return undefined
}

/** Node's own modules when no package or file of ours is on the stack. */
function phaseOfNodeStack(stack: Frame[]): Phase {
  if (stack.some((f) => /^node:_http_(client|agent)$/.test(f.url))) return stripe
  if (stack.some((f) => /^node:_http_(server|incoming)$/.test(f.url))) return http
  return loop
}

/** The phase of a sample, its stack from the leaf (index 0) to the root. */
export function phaseOf(stack: Frame[]): Phase | undefined {
  const leaf = stack[0]
  if (!leaf) return other
  if (leaf.functionName === '(idle)') return undefined
  if (leaf.functionName === '(garbage collector)') return gc
  for (const frame of stack) {
    const phase = phaseOfFrame(frame.url)
    if (phase) return phase
  }
  if (leaf.functionName === '(program)' || stack.length === 1) return other
  return phaseOfNodeStack(stack)
}
