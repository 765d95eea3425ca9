import { resolve } from 'node:path'
import dotenv from 'dotenv'
import { generatedSecret } from './config/dev-secret.js'
import { type Env, envSchema } from './config/env-schema.js'
import { type PreviousKey, previousKeys, signingKeyProblems } from './config/signing-keys.js'

export type { Env } from './config/env-schema.js'
export { PRODUCT_NAME } from './config/env-schema.js'
export type { PreviousKey } from './config/signing-keys.js'
export { unknownVariables } from './config/unknown-variables.js'

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

function trustProxySetting(value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false
  if (value === 'true') return true
  if (/^\d+$/.test(value)) return Number(value)
  return value
}

/** Reads `.env` into the environment when it exists; real environment variables win. */
export function readDotEnv(): void {
  dotenv.config({ quiet: true })
}
