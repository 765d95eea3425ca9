import { z } from 'zod'
import { LOCALES } from '../locales.js'

const optional = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v))

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback)

/** The product's name: the default of SITE_NAME and of MAIL_FROM's display name. */
export const PRODUCT_NAME = 'Patronage'

/** A key id (kid): JWT_KEY_ID, and the label of a previous key in JWT_PREVIOUS_PUBLIC_KEYS. */
export const KID = /^[\w.-]{1,100}$/
export const KID_RULE = 'must be 1-100 letters, digits, _ . or -'
export const PREVIOUS_KEY = /(?:kid=(\S*)\s+)?(-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \3-----)/g

/** Every environment variable the service reads, with its rule and default. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: int(3000, 0, 65535),
  DATABASE_URL: optional.pipe(
    z
      .url()
      .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// URL')
      .optional(),
  ),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_URL: optional.pipe(z.url().optional()),
  STRIPE_SECRET_KEY: optional.pipe(
    z
      .string()
      .regex(/^(sk|rk)_/, 'must start with sk_ or rk_')
      .optional(),
  ),
  STRIPE_WEBHOOK_SECRET: optional.pipe(z.string().startsWith('whsec_', 'must start with whsec_').optional()),
  STRIPE_API_BASE: z.url().default('https://api.stripe.com'),
  JWT_SECRET: optional.pipe(
    z
      .string()
      .refine((s) => Buffer.byteLength(s, 'utf8') >= 32, 'must be at least 32 bytes')
      .optional(),
  ),
  ACCESS_TOKEN_TTL: int(900, 30, 86_400),
  GRACE_PERIOD_DAYS: int(7, 0, 365),
  SMTP_URL: optional.pipe(
    z
      .url()
      .refine((u) => /^smtps?:\/\//.test(u), 'must be an smtp:// or smtps:// URL')
      .optional(),
  ),
  MAIL_FROM: z.string().min(3).default(`${PRODUCT_NAME} <no-reply@localhost>`),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JWT_ALGORITHM: z.enum(['HS256', 'ES256', 'RS256']).default('HS256'),
  JWT_PRIVATE_KEY: optional.transform(pemFromEnv),
  JWT_KEY_ID: optional.pipe(z.string().regex(KID, KID_RULE).optional()),
  JWT_PREVIOUS_PUBLIC_KEYS: optional.transform(pemFromEnv),
  LOGIN_LIMIT_PER_EMAIL: int(5, 1, 10_000),
  LOGIN_LIMIT_PER_IP: int(100, 1, 1_000_000),
  TRUST_PROXY: optional.pipe(
    z
      .string()
      .regex(/^(true|false|\d{1,2}|[\w.:/, -]+)$/, 'must be true, false, a hop count or addresses/subnets')
      .optional(),
  ),
  ALLOWED_ORIGINS: optional.pipe(
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z.string().refine(isOrigin, 'must be comma-separated origins such as https://news.example.org'),
        ),
      )
      .optional(),
  ),
  CHECKOUT_LIMIT_PER_IP: int(30, 1, 1_000_000),
  SITE_NAME: z.string().trim().min(1).max(100).default(PRODUCT_NAME),
  SITE_URL: optional.pipe(
    z
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
      .optional(),
  ),
  SITE_TIME_ZONE: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Kyiv')
    .default('UTC'),
  DEFAULT_LOCALE: z.enum(LOCALES).default('en'),
  METRICS_TOKEN: optional.pipe(z.string().optional()),
  DATABASE_REPLICA_URL: optional.pipe(
    z
      .url()
      .refine((u) => /^postgres(ql)?:\/\//.test(u), 'must be a postgres:// URL')
      .optional(),
  ),
  MAIL_RATE_PER_SECOND: z.coerce.number().positive().max(10_000).default(10),
  MAIL_LEASE_SECONDS: int(30, 2, 3_600),
  DATABASE_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true'),
  CONTRIBUTION_MIN_AMOUNT: int(100, 1, 99_999_999),
  CONTRIBUTION_MAX_AMOUNT: int(1_000_000, 1, 99_999_999),
})

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value)
    return /^https?:$/.test(url.protocol) && url.origin === value.replace(/\/+$/, '')
  } catch {
    return false
  }
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value })
    return true
  } catch {
    return false
  }
}

export type Env = z.infer<typeof envSchema>

/** PEM in an environment variable: real newlines, or `\n` escapes as in a one-line .env entry. */
function pemFromEnv(value: string | undefined): string | undefined {
  return value?.replace(/\\n/g, '\n').trim()
}
