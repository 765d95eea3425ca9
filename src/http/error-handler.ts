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

/** Postgres error codes that mean the request was wrong, not the server. */
const pgCodes: Record<string, () => Problem> = {
  '23505': () => conflict('That would duplicate an existing record.'),
  '23503': () => conflict('That refers to, or is referred to by, another record.'),
  '23514': () => validation('A value is out of range.'),
  '22P02': () => validation('A value has the wrong format.'),
  '22007': () => validation('A date or time is malformed.'),
  '22008': () => validation('A date or time is out of range.'),
  '22003': () => validation('A number is out of range.'),
  '22001': () => validation('A value is too long.'),
}

function toProblem(err: unknown): Problem | undefined {
  if (err instanceof Problem) return err
  if (err instanceof ZodError) return validation('The request is invalid.', zodErrors(err, ''))
  const e = err as { type?: string; status?: number; code?: string } | undefined
  if (e?.type === 'entity.parse.failed') return validation('The body is not valid JSON.')
  if (e?.type === 'entity.too.large') return payloadTooLarge()
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    return validation('The body encoding is not supported.')
  if (typeof e?.code === 'string' && pgCodes[e.code]) return pgCodes[e.code]!()
  if (isDatabaseUnavailable(err))
    return unavailable('The database cannot be reached right now; try again shortly.')
  return undefined
}

export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const problem = toProblem(err)
  if (!problem) req.log?.error({ err, reqId: req.id }, 'unhandled error')
  else if (problem.status >= 500) req.log?.warn({ err, reqId: req.id }, problem.detail)
  const answer = problem ?? internal()
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
