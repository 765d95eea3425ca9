import { createPrivateKey, createPublicKey, type KeyObject, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import dotenv from 'dotenv'
import { z } from 'zod'
import { makeDir } from './data-dir.js'
import { LOCALES } from './locales.js'

const optional = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v))

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback)

/** A key id (kid): JWT_KEY_ID, and the label of a previous key in JWT_PREVIOUS_PUBLIC_KEYS. */
const KID = /^[\w.-]{1,100}$/
const KID_RULE = 'must be 1-100 letters, digits, _ . or -'
const PREVIOUS_KEY = /(?:kid=(\S*)\s+)?(-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \3-----)/g

const envSchema = z.object({
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
  MAIL_FROM: z.string().min(3).default('Patronage <no-reply@localhost>'),
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
  SITE_NAME: z.string().trim().min(1).max(100).default('Patronage'),
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

export interface Config {
  readonly env: Env['NODE_ENV']
  readonly port: number
  readonly databaseUrl: string | undefined
  /** Named prepared statements on DATABASE_URL (false behind a transaction-mode pooler). */
  readonly databasePreparedStatements: boolean
  readonly dataDir: string
  readonly publicUrl: string
  readonly stripe: {
    readonly secretKey: string | undefined
    readonly webhookSecret: string | undefined
    readonly apiBase: string
  }
  readonly jwtSecret: string
  readonly accessTokenTtl: number
  readonly gracePeriodDays: number
  readonly smtpUrl: string | undefined
  readonly mailFrom: string
  readonly logLevel: Env['LOG_LEVEL']
  /** Access-token signing: HS256 with jwtSecret, or ES256/RS256 with a PEM private key. */
  readonly jwt: {
    readonly algorithm: Env['JWT_ALGORITHM']
    readonly privateKey: string | undefined
    readonly keyId: string | undefined
    /** Public keys still accepted during a rotation's overlap window, each under the kid it signed with. */
    readonly previousPublicKeys: readonly PreviousKey[]
  }
  /** Magic-link requests allowed per 15 minutes. */
  readonly loginLimits: { readonly perEmail: number; readonly perIp: number }
  /** Express's `trust proxy` setting: whom to believe about the client's IP. */
  readonly trustProxy: boolean | number | string
  /** Origins (scheme://host[:port]) that may call public routes from a browser and receive redirects. */
  readonly allowedOrigins: readonly string[]
  /** POST /v1/checkout calls allowed per client IP in 15 minutes. */
  readonly checkoutLimitPerIp: number
  /** The newsroom: its name, its own website and the time zone its dates are shown in. */
  readonly site: {
    readonly name: string
    readonly url: string | undefined
    readonly timeZone: string
    readonly defaultLocale: Env['DEFAULT_LOCALE']
  }
  /** Bearer token of GET /metrics; undefined = the route answers 404. */
  readonly metricsToken: string | undefined
  /** A read replica for reports and exports; undefined = they read the primary. */
  readonly databaseReplicaUrl: string | undefined
  /** Announcement mails sent per second (membership and sign-in mails are not held back). */
  readonly mailRatePerSecond: number
  /** How long a claimed mail is hidden from other senders; a sender that died lets it go after that. */
  readonly mailLeaseSeconds: number
  /** Set only by `npm run demo` (never from the environment): payments go to the Stripe simulator there. */
  readonly demo?: { readonly simulatorUrl: string } | undefined
  /** Bounds of a one-time contribution (and of a pay-what-you-want amount), minor units, any currency. */
  readonly contributionAmount: { readonly min: number; readonly max: number }
}

/** A previous signing key: its public PEM and its kid (undefined = its RFC 7638 thumbprint). */
export interface PreviousKey {
  readonly kid: string | undefined
  readonly pem: string
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Parses the environment into a frozen Config; one error names every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(source)
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`)
  if (
    parsed.success &&
    parsed.data.NODE_ENV === 'production' &&
    parsed.data.JWT_ALGORITHM === 'HS256' &&
    !parsed.data.JWT_SECRET
  ) {
    problems.push('JWT_SECRET: required when NODE_ENV=production')
  }
  if (parsed.success) problems.push(...signingKeyProblems(parsed.data))
  if (parsed.success && parsed.data.CONTRIBUTION_MIN_AMOUNT > parsed.data.CONTRIBUTION_MAX_AMOUNT) {
    problems.push('CONTRIBUTION_MIN_AMOUNT: must not exceed CONTRIBUTION_MAX_AMOUNT')
  }
  if (parsed.success && parsed.data.CONTRIBUTION_MIN_AMOUNT > parsed.data.CONTRIBUTION_MAX_AMOUNT) {
    problems.push('CONTRIBUTION_MIN_AMOUNT: must not be above CONTRIBUTION_MAX_AMOUNT')
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems)
  const env = parsed.data
  const dataDir = resolve(env.DATA_DIR)
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '')
  return Object.freeze({
    env: env.NODE_ENV,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    databasePreparedStatements: env.DATABASE_PREPARED_STATEMENTS === 'true',
    dataDir,
    publicUrl,
    stripe: Object.freeze({
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      apiBase: env.STRIPE_API_BASE,
    }),
    jwtSecret: env.JWT_SECRET ?? (env.JWT_ALGORITHM === 'HS256' ? generatedSecret(dataDir) : ''),
    accessTokenTtl: env.ACCESS_TOKEN_TTL,
    gracePeriodDays: env.GRACE_PERIOD_DAYS,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    logLevel: env.LOG_LEVEL,
    jwt: Object.freeze({
      algorithm: env.JWT_ALGORITHM,
      privateKey: env.JWT_PRIVATE_KEY,
      keyId: env.JWT_KEY_ID,
      previousPublicKeys: Object.freeze(previousKeys(env.JWT_PREVIOUS_PUBLIC_KEYS)),
    }),
    loginLimits: Object.freeze({ perEmail: env.LOGIN_LIMIT_PER_EMAIL, perIp: env.LOGIN_LIMIT_PER_IP }),
    trustProxy: trustProxySetting(env.TRUST_PROXY),
    allowedOrigins: Object.freeze(
      (env.ALLOWED_ORIGINS ?? [new URL(publicUrl).origin]).map((o) => o.replace(/\/+$/, '')),
    ),
    checkoutLimitPerIp: env.CHECKOUT_LIMIT_PER_IP,
    site: Object.freeze({
      name: env.SITE_NAME,
      url: env.SITE_URL,
      timeZone: env.SITE_TIME_ZONE,
      defaultLocale: env.DEFAULT_LOCALE,
    }),
    metricsToken: env.METRICS_TOKEN,
    databaseReplicaUrl: env.DATABASE_REPLICA_URL,
    mailRatePerSecond: env.MAIL_RATE_PER_SECOND,
    mailLeaseSeconds: env.MAIL_LEASE_SECONDS,
    contributionAmount: Object.freeze({ min: env.CONTRIBUTION_MIN_AMOUNT, max: env.CONTRIBUTION_MAX_AMOUNT }),
  })
}

/** PEM in an environment variable: real newlines, or `\n` escapes as in a one-line .env entry. */
function pemFromEnv(value: string | undefined): string | undefined {
  return value?.replace(/\\n/g, '\n').trim()
}

/** Each previous key is its public PEM, optionally preceded by `kid=<label>`, the kid it signed with. */
function previousKeys(value: string | undefined): PreviousKey[] {
  return [...(value ?? '').matchAll(PREVIOUS_KEY)].map((m) => Object.freeze({ kid: m[1], pem: m[2]! }))
}

const keyTypeOf = { ES256: 'ec', RS256: 'rsa' } as const

/** The asymmetric keys must parse and match the algorithm (ES256: P-256; RS256: RSA of 2048+ bits). */
function signingKeyProblems(env: Env): string[] {
  if (env.JWT_ALGORITHM === 'HS256') {
    return env.JWT_PRIVATE_KEY ? ['JWT_PRIVATE_KEY: set JWT_ALGORITHM=ES256 or RS256 to use it'] : []
  }
  const problems: string[] = []
  const check = (name: string, load: () => KeyObject) => {
    try {
      const key = load()
      const expected = keyTypeOf[env.JWT_ALGORITHM as 'ES256' | 'RS256']
      const details = key.asymmetricKeyDetails
      if (key.asymmetricKeyType !== expected) problems.push(`${name}: not an ${expected.toUpperCase()} key`)
      else if (expected === 'ec' && details?.namedCurve !== 'prime256v1')
        problems.push(`${name}: ES256 needs a P-256 key`)
      else if (expected === 'rsa' && (details?.modulusLength ?? 0) < 2048)
        problems.push(`${name}: RS256 needs an RSA key of at least 2048 bits`)
    } catch {
      problems.push(`${name}: not a valid PEM key`)
    }
  }
  if (!env.JWT_PRIVATE_KEY) problems.push(`JWT_PRIVATE_KEY: required when JWT_ALGORITHM=${env.JWT_ALGORITHM}`)
  else check('JWT_PRIVATE_KEY', () => createPrivateKey(env.JWT_PRIVATE_KEY!))
  const previous = previousKeys(env.JWT_PREVIOUS_PUBLIC_KEYS)
  if (env.JWT_PREVIOUS_PUBLIC_KEYS && previous.length === 0)
    problems.push('JWT_PREVIOUS_PUBLIC_KEYS: no PEM public key found')
  else if (env.JWT_PREVIOUS_PUBLIC_KEYS?.replace(PREVIOUS_KEY, '').trim())
    problems.push('JWT_PREVIOUS_PUBLIC_KEYS: write each key as its PEM, optionally preceded by kid=<label>')
  const kids = new Set(env.JWT_KEY_ID ? [env.JWT_KEY_ID] : [])
  for (const { kid, pem } of previous) {
    if (kid !== undefined && !KID.test(kid))
      problems.push(`JWT_PREVIOUS_PUBLIC_KEYS: kid "${kid}" ${KID_RULE}`)
    else if (kid !== undefined && kids.has(kid))
      problems.push(`JWT_PREVIOUS_PUBLIC_KEYS: kid "${kid}" is used by another key`)
    if (kid !== undefined) kids.add(kid)
    check('JWT_PREVIOUS_PUBLIC_KEYS', () => createPublicKey(pem))
  }
  return problems
}

function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false
  if (value === 'true') return true
  if (/^\d+$/.test(value)) return Number(value)
  return value
}

/** Outside production a missing JWT_SECRET is generated once and kept, so tokens survive restarts. */
function generatedSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  makeDir(dataDir)
  const secret = randomBytes(48).toString('base64url')
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' })
    return secret
  } catch (err) {
    // Another instance started at the same moment and wrote it first.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim()
    throw err
  }
}

/** Reads `.env` into the environment when it exists; real environment variables win. */
export function readDotEnv(): void {
  dotenv.config({ quiet: true })
}

/** Prefixes of our variables: a set variable with one of them that the schema lacks is likely a typo. */
const OUR_PREFIXES =
  /^(STRIPE_|JWT_|SMTP_|MAIL_|DATABASE_|LOGIN_|CHECKOUT_|SITE_|METRICS_|ACCESS_TOKEN|GRACE_PERIOD|ALLOWED_ORIGIN|PATRONAGE_)/

/** Set variables that look like ours but are not read (e.g. `STRIPE_SECRET=`), each with the likely intended name. */
export function unknownVariables(
  source: Record<string, string | undefined> = process.env,
): { name: string; suggestion: string | undefined }[] {
  const known = Object.keys(envSchema.shape)
  return Object.keys(source)
    .filter((name) => OUR_PREFIXES.test(name) && !known.includes(name))
    .sort()
    .map((name) => {
      const [best] = known
        .map((k) => ({ k, d: editDistance(name, k) }))
        .filter(({ k, d }) => d <= 4 || k.startsWith(name) || name.startsWith(k))
        .sort((a, b) => a.d - b.d)
      return { name, suggestion: best?.k }
    })
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length]!
}
