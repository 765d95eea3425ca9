import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import dotenv from 'dotenv'
import { z } from 'zod'

const optional = z
  .string()
  .optional()
  .transform((v) => (v === '' ? undefined : v))

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback)

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
})

export type Env = z.infer<typeof envSchema>

export interface Config {
  readonly env: Env['NODE_ENV']
  readonly port: number
  readonly databaseUrl: string | undefined
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
  if (parsed.success && parsed.data.NODE_ENV === 'production' && !parsed.data.JWT_SECRET) {
    problems.push('JWT_SECRET: required when NODE_ENV=production')
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems)
  const env = parsed.data
  const dataDir = resolve(env.DATA_DIR)
  return Object.freeze({
    env: env.NODE_ENV,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    dataDir,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    stripe: Object.freeze({
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      apiBase: env.STRIPE_API_BASE,
    }),
    jwtSecret: env.JWT_SECRET ?? generatedSecret(dataDir),
    accessTokenTtl: env.ACCESS_TOKEN_TTL,
    gracePeriodDays: env.GRACE_PERIOD_DAYS,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    logLevel: env.LOG_LEVEL,
  })
}

/** Outside production a missing JWT_SECRET is generated once and kept, so tokens survive restarts. */
function generatedSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true })
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
