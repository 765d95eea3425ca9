import type { ZodError, z } from 'zod'
import { type FieldError, validation } from './problems.js'

export type Where = 'body' | 'query' | 'params'

export function zodErrors(error: ZodError, where: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }))
}

/** Parses one part of a request; a failure is a 400 `validation` naming every bad field. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: Where): z.infer<S> {
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}))
  if (result.success) return result.data
  throw validation(`The request ${where} is invalid.`, zodErrors(result.error, where))
}
