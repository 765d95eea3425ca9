import { z } from 'zod'
import { LOCALES } from '../locales.js'
import { PROBLEM_CODES, type ProblemCode } from './problem-codes.js'
import { validation } from './problems.js'
import { refusedPath } from './validate.js'

/** Schemas shared by every feature: ids, pagination, problems. */

export const id = z.uuid({ message: 'must be a UUID' })
export const idParams = z.object({ id })

/**
 * THE normalisation of an email, for routes, webhooks, `stripe sync` and the CLI alike: trimmed,
 * lower-cased by JavaScript's Unicode rules, NFC. It is never redone or compared with SQL lower(),
 * whose rules (locale, Unicode version) can differ, e.g. for 'İ', 'ẞ' or a final 'Σ'.
 */
export function normalizeEmail(raw: string): string {
  return raw.trim().toLowerCase().normalize('NFC')
}

/** Letters of any script (Stripe accepts them), a dotted domain; no spaces, quotes or brackets. */
const emailPattern =
  /^[^\s@"<>(),;:\\[\]]{1,64}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}]{2,63}$/u

export const email = z
  .string()
  .max(254)
  .meta({ format: 'email' })
  .transform(normalizeEmail)
  .pipe(z.email({ message: 'must be an email address', pattern: emailPattern }).max(254))

/** An email from elsewhere (Stripe): normalised, or null when it is not one we could store. */
export function emailOrNull(raw: string | null | undefined): string | null {
  if (!raw) return null
  const parsed = email.safeParse(raw)
  return parsed.success ? parsed.data : null
}

/**
 * A URL we may send a browser to (Checkout's successUrl/cancelUrl, the portal's returnUrl): http(s)
 * on one of the allowed origins. The raw text must also begin with that origin, so that a parser
 * other than ours (Stripe's, a browser's) cannot read another host out of it
 * (`https://allowed.example@evil.test`, backslashes, whitespace).
 */
export function redirectUrl(allowedOrigins: readonly string[]) {
  return z
    .string()
    .max(2000)
    .refine((value) => isOnOrigin(value, allowedOrigins), {
      message: `must be an http(s) URL on an allowed origin (${allowedOrigins.join(', ')})`,
    })
    .meta({ description: `An http(s) URL on an allowed origin (ALLOWED_ORIGINS)`, format: 'uri' })
}

function isOnOrigin(value: string, allowedOrigins: readonly string[]): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (/[\\\s\u0000-\u001f\u007f]/.test(value)) return false
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return false
  }
  if (!/^https?:$/.test(url.protocol) || url.username || url.password) return false
  if (!allowedOrigins.includes(url.origin)) return false
  const rest = value.slice(url.origin.length)
  return value.slice(0, url.origin.length).toLowerCase() === url.origin && /^([/?#]|$)/.test(rest)
}
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
    code: z.enum(PROBLEM_CODES as [ProblemCode, ...ProblemCode[]]).meta({
      description:
        'The stable, specific reason (kebab-case) beside the coarse `type`; decide by this, never by `detail`',
    }),
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
    if (refusedPath(key, 'cursor')) throw new Error('NUL or deep nesting in a cursor')
    return shape.parse(key)
  } catch {
    throw validation(
      'The cursor is not valid.',
      [{ path: 'query.cursor', message: 'is not a valid cursor' }],
      'invalid-cursor',
    )
  }
}

/**
 * THE keyset page: `rows` were fetched with `limit + 1` after the decoded cursor; the page is the
 * first `limit` of them, and the next cursor (the sort key of its last row) only if there were more.
 */
export function keysetPage<Row>(
  rows: readonly Row[],
  limit: number,
  keyOf: (last: Row) => unknown,
): { rows: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null }
}

/** A translated text: trimmed; an empty one leaves that field to the original. */
const translatedText = (max: number) => z.string().trim().max(max).optional()

/**
 * Staff's words in each language beside the original fields, e.g. `{ uk: { name: "Чашка кави" } }`:
 * pages show their own language's and fall back to the original (see `web/localized.ts`).
 */
export function translationsOf<S extends Record<string, number>>(maxLengths: S) {
  const shape = Object.fromEntries(Object.entries(maxLengths).map(([f, max]) => [f, translatedText(max)]))
  const one = z.object(shape as { [K in keyof S]: ReturnType<typeof translatedText> }).strict()
  return z.partialRecord(z.enum(LOCALES), one)
}

/** Translations as stored (a jsonb text): only the fields that say something. */
export function storedTranslations(
  input: Partial<Record<string, Record<string, string | undefined>>>,
): string {
  const out: Record<string, Record<string, string>> = {}
  for (const [locale, fields] of Object.entries(input)) {
    const kept = Object.entries(fields ?? {}).filter((e): e is [string, string] => Boolean(e[1]))
    if (kept.length > 0) out[locale] = Object.fromEntries(kept)
  }
  return JSON.stringify(out)
}

/** The `translations` field of an answer. */
export const translationsOut = z.partialRecord(z.enum(LOCALES), z.record(z.string(), z.string()))
