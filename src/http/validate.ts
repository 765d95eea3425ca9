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

/** The path of the first string (value or key) holding a NUL character, which Postgres cannot store. */
export function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined
  if (value === null || typeof value !== 'object') return undefined
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}.${key}`
    if (key.includes('\u0000')) return at
    const found = nulPath(item, at)
    if (found) return found
  }
  return undefined
}

/**
 * Parses one part of a request; a failure is a 400 `validation` naming every bad field. Text with
 * NUL characters is refused here, once for every route, before any schema or service sees it.
 */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: Where): z.infer<S> {
  const nul = nulPath(value, where)
  if (nul)
    throw validation(`The request ${where} is invalid.`, [
      { path: nul, message: 'must not contain NUL characters' },
    ])
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
