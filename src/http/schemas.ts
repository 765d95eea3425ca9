import { z } from 'zod'
import { validation } from './problems.js'
import { nulPath } from './validate.js'

/** Schemas shared by every feature: ids, pagination, problems. */

export const id = z.uuid({ message: 'must be a UUID' })
export const idParams = z.object({ id })

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }))
export const title = z.string().trim().min(1).max(200)
export const description = z.string().max(5000)
export const currency = z
  .string()
  .regex(/^[a-zA-Z]{3}$/, 'must be a 3-letter ISO currency')
  .transform((c) => c.toLowerCase())
/** An instant Postgres can store: years 1 to 9999 once the offset is applied (JS dates go further). */
export const isoDateTime = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s))
  .refine((d) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999, {
    message: 'must be between years 1 and 9999 (UTC)',
  })
export const yearMonth = z
  .string()
  .regex(/^(?!0000)\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM, from 0001-01 to 9999-12')

export const cursor = z
  .string()
  .max(512)
  .regex(/^[A-Za-z0-9_-]+$/, 'is not a valid cursor')
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: cursor.optional(),
})

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() })

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ description: 'An RFC 9457 problem' })

/** Opaque keyset cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url')
}

export function decodeCursor<T>(value: string | undefined, shape: z.ZodType<T>): T | undefined {
  if (value === undefined) return undefined
  try {
    const key: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'))
    if (nulPath(key, 'cursor')) throw new Error('NUL in a cursor')
    return shape.parse(key)
  } catch {
    throw validation('The cursor is not valid.', [{ path: 'query.cursor', message: 'is not a valid cursor' }])
  }
}
