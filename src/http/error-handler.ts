import type { ErrorRequestHandler, RequestHandler } from 'express'
import { ZodError } from 'zod'
import { isDatabaseUnavailable } from '../db/unavailable.js'
import {
  conflict,
  internal,
  notFound,
  Problem,
  payloadTooLarge,
  unavailable,
  validation,
} from './problems.js'
import { zodErrors } from './validate.js'

/**
 * Postgres error codes that mean the request was wrong, not the server. Input is validated before
 * it reaches SQL; the data-exception codes are a safety net for what validation missed.
 */
const pgCodes: Record<string, () => Problem> = {
  '23505': () => conflict('duplicate', 'That would duplicate an existing record.'),
  '23503': () => conflict('referenced', 'That refers to, or is referred to by, another record.'),
  '23514': () => validation('A value is out of range.'),
  '22P02': () => validation('A value has the wrong format.'),
  '22007': () => validation('A date or time is malformed.'),
  '22008': () => validation('A date or time is out of range.'),
  '22003': () => validation('A number is out of range.'),
  '22001': () => validation('A value is too long.'),
  '22021': () => validation('A value contains a NUL character or invalid text encoding.'),
  '22P05': () => validation('A value contains text the database cannot store.'),
  '54000': () => validation('A value is too large.'),
}

/** Errors of Express and its body parser that carry a 4xx status (e.g. a path param that does not decode). */
function clientError(e: { status?: unknown; expose?: unknown }): Problem | undefined {
  if (typeof e.status !== 'number' || e.status < 400 || e.status >= 500) return undefined
  return e.status === 413 ? payloadTooLarge() : validation('The request is malformed.')
}

/** A feature's own mapping of its library's errors to problems (billing: the Stripe SDK's). */
export type ProblemMapper = (err: unknown) => Problem | undefined
/** Any error to the problem it answers as: a refusal, a known failure, or 500 `internal`. */
export type Classify = (err: unknown) => Problem

function toProblem(err: unknown, mappers: readonly ProblemMapper[]): Problem | undefined {
  if (err instanceof Problem) return err
  if (err instanceof ZodError) return validation('The request is invalid.', zodErrors(err, ''))
  for (const map of mappers) {
    const mapped = map(err)
    if (mapped) return mapped
  }
  const e = (err ?? {}) as { type?: string; status?: number; code?: string }
  if (e.type === 'entity.parse.failed')
    return validation('The body is not valid JSON.', undefined, 'invalid-json')
  if (e.type === 'entity.too.large') return payloadTooLarge()
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
    return validation('The body encoding is not supported.')
  if (typeof e.code === 'string' && pgCodes[e.code]) return pgCodes[e.code]!()
  if (isDatabaseUnavailable(err))
    return unavailable(
      'The database cannot be reached right now; try again shortly.',
      undefined,
      'database-unavailable',
    )
  return clientError(e)
}

/**
 * THE classifier of errors, shared by the API's handler and the pages' (web/errors.tsx), so both
 * answer an error alike: one as problem+json, the other as a page. `http/` knows no feature: each
 * library's errors come in through a mapper the app passes (billing's `stripeProblem`).
 */
export function createClassifier(mappers: readonly ProblemMapper[] = []): Classify {
  return (err) => toProblem(err, mappers) ?? internal()
}

/**
 * Renders every error as problem+json. Logging is pino-http's one line per request: a 4xx is that
 * line alone; for a 5xx the error goes on it (`res.err`, with its stack and the request id). The
 * message of an unknown error is never echoed.
 */
export const createErrorHandler =
  (classify: Classify): ErrorRequestHandler =>
  (err, _req, res, _next) => {
    const answer = classify(err)
    if (answer.status >= 500) res.err = err as Error
    if (res.headersSent) {
      res.destroy()
      return
    }
    res
      .status(answer.status)
      .set(answer.headers ?? {})
      .type('application/problem+json')
      .send(answer.toJSON())
  }

export const notFoundHandler: RequestHandler = (req) => {
  throw notFound(`No route for ${req.method} ${req.path}.`)
}
