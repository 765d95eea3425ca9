import type { Config } from './config.js'
import type { Db } from './db/connect.js'
import { migrate } from './db/migrate.js'
import { isDatabaseUnavailable } from './db/unavailable.js'
import type { Logger } from './logger.js'

/** A failure to start that an operator can act on: main prints its message as one line, no stack. */
export class StartupError extends Error {
  override name = 'StartupError'
}

/** A Postgres that is not up yet (compose, a restarting server) gets this long before start-up gives up. */
const DATABASE_ATTEMPTS = 5
const DATABASE_RETRY_MS = 2_000

/**
 * Migrates, waiting a few seconds for a Postgres that refuses connections or is still starting; a
 * database that answers "no" (wrong password, no such database) stops start-up at once.
 */
export async function migrateWhenReachable(db: Db, config: Config, logger: Logger): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate(db)
      return
    } catch (err) {
      const reason = describeDatabaseError(err, config)
      if (!config.databaseUrl || !isDatabaseUnavailable(err) || attempt >= DATABASE_ATTEMPTS)
        throw new StartupError(reason)
      logger.warn(
        `${reason} Retrying in ${DATABASE_RETRY_MS / 1000} s (attempt ${attempt} of ${DATABASE_ATTEMPTS})`,
      )
      await new Promise((resolve) => setTimeout(resolve, DATABASE_RETRY_MS))
    }
  }
}

function describeDatabaseError(err: unknown, config: Config): string {
  const e = err as { code?: string; message?: string; errors?: { code?: string }[] }
  const message = e?.message || String(err)
  if (!config.databaseUrl) return `The embedded database in ${config.dataDir} could not be opened: ${message}`
  const url = new URL(config.databaseUrl)
  const where = `the database ${url.pathname.slice(1) || '(default)'} at ${url.hostname}:${url.port || 5432} (DATABASE_URL)`
  const code = e?.code ?? e?.errors?.[0]?.code
  switch (code) {
    case 'ECONNREFUSED':
      return `Cannot reach ${where}: connection refused. Is Postgres running there?`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Cannot reach ${where}: the host name ${url.hostname} is not known.`
    case '28P01':
      return `Postgres refused the password of user ${url.username || '(default)'} for ${where}.`
    case '28000':
      return `Postgres refused the connection to ${where}: ${message}.`
    case '3D000':
      return `${capitalise(where)} does not exist: create it, or fix DATABASE_URL.`
    case '57P03':
      return `${capitalise(where)} is starting up or shutting down.`
    default:
      return isDatabaseUnavailable(err)
        ? `Cannot reach ${where}: ${message || code}.`
        : `${capitalise(where)} could not be migrated: ${message}`
  }
}

export function describeListenError(err: unknown, port: number): string {
  const code = (err as { code?: string }).code
  if (code === 'EADDRINUSE')
    return `Port ${port} is in use by another process: stop it, or set PORT to a free port (PORT=0 picks one).`
  if (code === 'EACCES') return `Port ${port} needs privileges this user does not have: set PORT above 1023.`
  return `Cannot listen on port ${port}: ${(err as Error).message}`
}

/** One line on what is configured, for the start-up log; never a secret. */
export function configurationSummary(config: Config): string {
  const database = config.databaseUrl
    ? `Postgres at ${hostOf(config.databaseUrl)}${config.databaseReplicaUrl ? `, reports from the replica at ${hostOf(config.databaseReplicaUrl)}` : ''}`
    : `embedded (${config.dataDir})${config.databaseReplicaUrl ? ', DATABASE_REPLICA_URL ignored (it needs DATABASE_URL)' : ''}`
  const key = config.stripe.secretKey
  const stripe = key
    ? `Stripe key set (${/_live_/.test(key) ? 'live' : 'test'} mode), webhook secret ${config.stripe.webhookSecret ? 'set' : 'MISSING (webhooks are refused)'}`
    : 'Stripe not configured (STRIPE_SECRET_KEY unset)'
  const mail = config.smtpUrl
    ? `mail via SMTP at ${hostOf(config.smtpUrl)}`
    : 'mail written to the outbox folder (SMTP_URL unset)'
  return `Configured: database ${database}; ${stripe}; ${mail}; public URL ${config.publicUrl}`
}

function hostOf(url: string): string {
  const u = new URL(url)
  return u.port ? `${u.hostname}:${u.port}` : u.hostname
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * Milliseconds per start-up phase, logged with "listening": `process` is node's own start and the
 * modules loaded before startService ran (from the process's start, performance.timeOrigin).
 */
export function startupClock() {
  const phases: Record<string, number> = { process: Math.round(performance.now()) }
  let last = performance.now()
  return {
    phases,
    lap(name: string) {
      const now = performance.now()
      phases[name] = Math.round(now - last)
      last = now
    },
  }
}
