import type { Express, Request, RequestHandler, Response } from 'express'

type Handler = (req: Request, res: Response) => unknown

interface Entry {
  path: string
  segments: string[]
  chain: RequestHandler[]
  handler: Handler
}

/** A request the table answers: the route as declared, its raw params, and the middleware it needs. */
interface Hit {
  entry: Entry
  params: Record<string, string>
}

/**
 * The hot routes (the JSON API, the Stripe webhook, health) matched by method and exact path and run
 * with only the middleware each needs, instead of walking Express's router through every app-level
 * middleware and route in turn (about half of a cheap request's CPU time; see `npm run bench --
 * middleware`). Every route here is also mounted on Express as before: whatever the table does not
 * match exactly (a trailing slash, other letter case, percent-encoding, HEAD, OPTIONS) takes the Express
 * path, so both answer alike. Routes are matched in the order added, as Express does.
 */
export function createRouteTable() {
  const byKey = new Map<string, Entry[]>()
  const keyOf = (method: string, segments: number) => `${method.toUpperCase()} ${segments}`

  function add(method: string, path: string, chain: RequestHandler[], handler: Handler): void {
    const segments = path.split('/')
    const key = keyOf(method, segments.length)
    byKey.set(key, [...(byKey.get(key) ?? []), { path, segments, chain, handler }])
  }

  function match(method: string | undefined, url: string | undefined): Hit | undefined {
    // Percent-encoded text is decoded (and refused when malformed) by the Express path.
    if (!method || !url || url.includes('%')) return undefined
    const q = url.indexOf('?')
    const segments = (q < 0 ? url : url.slice(0, q)).split('/')
    const candidates = byKey.get(keyOf(method, segments.length))
    if (!candidates) return undefined
    for (const entry of candidates) {
      const params = paramsOf(entry.segments, segments)
      if (params) return { entry, params }
    }
    return undefined
  }

  return { add, match }
}

export type RouteTable = ReturnType<typeof createRouteTable>

function paramsOf(declared: string[], actual: string[]): Record<string, string> | undefined {
  let params: Record<string, string> | undefined
  for (let i = 0; i < declared.length; i++) {
    const want = declared[i]!
    const got = actual[i]!
    if (want.startsWith(':')) {
      if (got === '') return undefined
      params ??= {}
      params[want.slice(1)] = got
    } else if (want !== got) return undefined
  }
  return params ?? {}
}

/**
 * Runs a hit as Express would: the request and response get Express's prototypes (req.query, res.json,
 * req.app's settings), then the route's middleware, then its handler; an error goes to `fail`, the
 * same error handlers the Express path ends in.
 */
export async function runHit(
  app: Express,
  hit: Hit,
  req: Request,
  res: Response,
  fail: (err: unknown) => void,
): Promise<void> {
  req.res = res
  res.req = req
  Object.setPrototypeOf(req, app.request)
  Object.setPrototypeOf(res, app.response)
  res.locals = Object.create(null)
  req.originalUrl = req.url
  req.baseUrl = ''
  req.params = hit.params
  try {
    for (const middleware of hit.entry.chain) await step(middleware, req, res)
    req.route = { path: hit.entry.path }
    await hit.entry.handler(req, res)
  } catch (err) {
    fail(err)
  }
}

function step(middleware: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: unknown) => (err ? reject(err) : resolve())
    Promise.resolve(middleware(req, res, done)).catch(reject)
  })
}
