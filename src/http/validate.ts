import type { RequestHandler } from 'express'
import type { ZodError, z } from 'zod'
import { type FieldError, validation } from './problems.js'

export type Where = 'body' | 'query' | 'params'

export function zodErrors(error: ZodError, where: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }))
}

/** Deeper than any of our schemas goes; a body nested further is refused before anything walks it. */
export const MAX_DEPTH = 32

/**
 * What no schema should see: the path of the first string (value or key) holding a NUL character,
 * which Postgres cannot store, or of a value nested deeper than MAX_DEPTH. A loop, not recursion,
 * so a hostile body cannot exhaust the stack.
 */
export function refusedPath(value: unknown, path: string): { path: string; message: string } | undefined {
  const pending: [unknown, string, number][] = [[value, path, 0]]
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [item, at, depth] = next
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return { path: at, message: 'must not contain NUL characters' }
      continue
    }
    if (item === null || typeof item !== 'object') continue
    if (depth >= MAX_DEPTH)
      return { path: at, message: `must not be nested more than ${MAX_DEPTH} levels deep` }
    const entries = Object.entries(item)
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!
      if (key.includes('\u0000')) return { path: `${at}.${key}`, message: 'must not contain NUL characters' }
      pending.push([child, `${at}.${key}`, depth + 1])
    }
  }
  return undefined
}

/**
 * Parses one part of a request; a failure is a 400 `validation` naming every bad field. Text with
 * NUL characters or nested too deeply is refused here, once for every route, before any schema or
 * service sees it.
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: Where): z.infer<S> {
  const refused = refusedPath(value, where)
  if (refused) throw validation(`The request ${where} is invalid.`, [refused])
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}))
  if (result.success) return result.data
  throw validation(`The request ${where} is invalid.`, zodErrors(result.error, where))
}

function decodes(text: string): boolean {
  try {
    decodeURIComponent(text.replaceAll('+', ' '))
    return true
  } catch {
    return false
  }
}

/** Malformed percent-encoding (`%`, `%zz`, `%ff` alone) in the path or query string is a 400, not a 500. */
export const rejectMalformedUrl: RequestHandler = (req, _res, next) => {
  const [path = '', query = ''] = req.url.split(/\?(.*)/s)
  if (!path.split('/').every(decodes))
    throw validation('The path is not valid percent-encoding.', [{ path: 'path', message: 'is malformed' }])
  if (!query.split(/[&=]/).every(decodes))
    throw validation('The query string is not valid percent-encoding.', [
      { path: 'query', message: 'is malformed' },
    ])
  next()
}
