import type { Mail, Mailer } from '../accounts/mail.js'
import type { Config } from '../config.js'
import type { Db } from '../db/connect.js'
import type { MailLocale } from '../db/schema.js'
import { inTransaction } from '../db/transaction.js'
import { isLocale } from '../locales.js'
import type { Logger } from '../logger.js'
import type { NewsroomSettings } from '../settings/settings-cache.js'
import type { LoadContext } from './kind.js'
import { mailKindSpec } from './kinds.js'
import { mailLocale } from './mail-locale.js'
import { composeMail, type MessageData } from './messages.js'
import {
  type ClaimedMail,
  claimDueMails,
  markFailed,
  markRetry,
  markSent,
  recentBulkAttempts,
} from './outbox.repository.js'
import { signUnsubscribe, unsubscribeKey } from './unsubscribe-token.js'

export interface SenderDeps {
  db: Db
  mailer: Mailer
  logger: Logger
  config: Config
  newsroom: NewsroomSettings
}

const PROMPT_BATCH = 50
const BULK_BATCH = 100
const CONCURRENCY = 5
const MAX_ATTEMPTS = 12
const TICK_MS = 1_000
const JOBS_EVERY_MS = 5_000
/** An arbitrary constant shared by every instance: the advisory lock that serialises bulk claims. */
const BULK_LOCK = 7_310_042

/**
 * Sends the given outbox rows now (after the commit that wrote them), so a sign-in link or a
 * membership mail does not wait for the next tick. Never throws: what fails stays in the outbox
 * and the background sender retries it.
 */
export async function deliverMails(deps: SenderDeps, ids: ReadonlyArray<string | undefined>): Promise<void> {
  try {
    const claimed = await claimDueMails(
      deps.db,
      { ids: ids.filter((id): id is string => !!id) },
      deps.config.mailLeaseSeconds,
    )
    await sendAll(deps, claimed)
  } catch (err) {
    deps.logger.error({ err }, 'could not send mails now; they stay in the outbox')
  }
}

/** One pass over due membership and sign-in mails; returns how many were claimed. */
export async function sendDuePromptMails(deps: SenderDeps): Promise<number> {
  const claimed = await claimDueMails(
    deps.db,
    { bulk: false, limit: PROMPT_BATCH },
    deps.config.mailLeaseSeconds,
  )
  await sendAll(deps, claimed)
  return claimed.length
}

/**
 * One pass over due announcements, at most MAIL_RATE_PER_SECOND across every instance: the claim
 * counts what all senders attempted in the last window under one advisory lock.
 */
export async function sendDueBulkMails(deps: SenderDeps): Promise<number> {
  const rate = deps.config.mailRatePerSecond
  const window = Math.max(1, 1 / rate)
  const claimed = await inTransaction(deps.db, async (trx) => {
    await trx.selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.lit(BULK_LOCK)]).as('locked')).execute()
    const allowed = Math.max(1, Math.floor(rate * window)) - (await recentBulkAttempts(trx, window))
    return claimDueMails(
      trx,
      { bulk: true, limit: Math.min(BULK_BATCH, allowed) },
      deps.config.mailLeaseSeconds,
    )
  })
  await sendAll(deps, claimed)
  return claimed.length
}

async function sendAll(deps: SenderDeps, mails: ClaimedMail[]): Promise<void> {
  const read = new Map<string, Promise<unknown>>()
  const ctx: LoadContext = {
    db: deps.db,
    once: <T>(key: string, load: () => Promise<T>) => {
      if (!read.has(key)) read.set(key, load())
      return read.get(key) as Promise<T>
    },
  }
  const queue = [...mails]
  const worker = async () => {
    for (let mail = queue.shift(); mail; mail = queue.shift()) await sendOne(deps, mail, ctx)
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, mails.length) }, worker))
}

async function sendOne(deps: SenderDeps, claimed: ClaimedMail, ctx: LoadContext): Promise<void> {
  const { db, logger } = deps
  try {
    const data = await messageData(deps, claimed, ctx)
    if (!data) {
      await markSent(db, claimed.id, 'not sent: opted out or nothing to announce')
      return
    }
    const locale = mailLocale(
      { chosen: claimed.locale, askedFrom: payloadLocale(claimed.payload), pages: claimed.page_locale },
      deps.config.site.defaultLocale,
    )
    const mail: Mail = {
      ...composeMail(claimed.recipient, locale, data, deps.config, await deps.newsroom.current()),
      outbox: { id: claimed.id, createdAt: claimed.created_at },
    }
    await deps.mailer.send(mail)
    await markSent(db, claimed.id)
    // A developer without SMTP reads the link here rather than decoding an .eml; elsewhere a token
    // never goes to the logs.
    if (
      (data.kind === 'sign-in' || data.kind === 'join' || data.kind === 'staff-invite') &&
      deps.config.env === 'development' &&
      !deps.config.smtpUrl
    ) {
      logger.info(`sign-in link (development, no SMTP_URL): ${data.url}`)
    }
  } catch (err) {
    const message = err instanceof Error ? err.message.slice(0, 500) : 'unknown error'
    const code = (err as { responseCode?: number }).responseCode
    if (claimed.attempts >= MAX_ATTEMPTS || (code !== undefined && code >= 550 && code <= 553)) {
      logger.error({ err, mailId: claimed.id, kind: claimed.kind }, 'a mail could not be sent; giving up')
      await markFailed(db, claimed.id, message).catch(() => {})
      return
    }
    const delay = backoffSeconds(claimed.attempts)
    logger.warn(
      { err, mailId: claimed.id, kind: claimed.kind, retryIn: delay },
      'a mail could not be sent; will retry',
    )
    await markRetry(db, claimed.id, delay, message).catch(() => {})
  }
}

/** A mail to an address with no member yet is in the language of the page it was asked from. */
const payloadLocale = (payload: Record<string, unknown>): MailLocale | undefined =>
  isLocale(payload.locale) ? payload.locale : undefined

/** 30 s, 1 min, 2 min, ... up to 6 h, with jitter so many failed mails do not retry in one burst. */
export function backoffSeconds(attempts: number): number {
  const base = Math.min(30 * 2 ** Math.max(0, attempts - 1), 6 * 3600)
  return Math.round(base * (0.8 + Math.random() * 0.4))
}

/** What the mail says now, by its kind; undefined when its member opted out or nothing is left to say. */
async function messageData(
  deps: SenderDeps,
  mail: ClaimedMail,
  ctx: LoadContext,
): Promise<MessageData | undefined> {
  const spec = mailKindSpec(mail.kind)
  const wanted = { rounds: mail.mail_rounds, coverage: mail.mail_coverage }
  if (spec.preference && !wanted[spec.preference]) return undefined
  const data = await spec.load(mail.payload, ctx)
  if (!data) return undefined
  if (!spec.preference) return { ...data, kind: mail.kind } as MessageData
  const token = signUnsubscribe(unsubscribeKey(deps.config), {
    memberId: mail.member_id!,
    kind: spec.preference,
  })
  return {
    ...data,
    kind: mail.kind,
    unsubscribeUrl: `${deps.config.publicUrl}/unsubscribe?token=${token}`,
  } as MessageData
}

export interface MailSender {
  /** Sends what is due now instead of at the next tick. */
  wake(): void
  /** Finishes the pass in progress (mails being sent are marked), then stops. */
  stop(): Promise<void>
}

/**
 * Work that writes mails, run by the sender every few seconds before it sends, so what it writes
 * goes out in the same pass (voting's round announcements). The wiring hands the jobs in
 * (src/mail-jobs.ts): mail imports no feature that writes its mails, as those import mail.
 */
export interface MailJob {
  /** What the log says when the job did something. */
  name: string
  /** Counts of what it did; logged when any is not zero. */
  run(db: Db): Promise<Record<string, number>>
}

async function runJobs(deps: SenderDeps, jobs: readonly MailJob[]): Promise<void> {
  for (const job of jobs) {
    const done = await job.run(deps.db)
    if (Object.values(done).some((n) => n > 0)) deps.logger.info(done, job.name)
  }
}

/**
 * The background sender: every second (or when woken) it sends due membership and sign-in mails,
 * then announcements within the rate; every few seconds it first runs the `jobs` that write mails.
 */
export function startMailSender(deps: SenderDeps, jobs: readonly MailJob[] = []): MailSender {
  let stopping = false
  let wakeUp: (() => void) | undefined
  let lastJobs = 0
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      wakeUp = () => {
        clearTimeout(timer)
        resolve()
      }
    })

  const loop = (async () => {
    while (!stopping) {
      const passStarted = Date.now()
      let busy = false
      try {
        if (Date.now() - lastJobs >= JOBS_EVERY_MS) {
          lastJobs = Date.now()
          await runJobs(deps, jobs)
        }
        busy = (await sendDuePromptMails(deps)) === PROMPT_BATCH
        if (!stopping) busy = (await sendDueBulkMails(deps)) === BULK_BATCH || busy
      } catch (err) {
        deps.logger.error({ err }, 'mail sender pass failed; retrying')
      }
      // A slow pass (a busy database) does not stretch the tick: the rate is per second, not per pass.
      if (!busy && !stopping) await sleep(Math.max(0, TICK_MS - (Date.now() - passStarted)))
    }
  })()

  return {
    wake: () => wakeUp?.(),
    async stop() {
      stopping = true
      wakeUp?.()
      await loop
    },
  }
}
