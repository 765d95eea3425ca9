import { randomUUID } from 'node:crypto'
import { mkdir, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import nodemailer from 'nodemailer'
import type { Config } from '../config.js'
import type { Logger } from '../logger.js'
import { mailFromParts } from '../web/newsroom.js'

export interface Mail {
  to: string
  subject: string
  text: string
  html?: string
  headers?: Record<string, string>
  /** The sender's name (the newsroom's, from its settings); the address is always MAIL_FROM's. */
  fromName?: string
  /**
   * The outbox row it comes from: it names the .eml file and the Message-ID, so sending it again
   * after a crash replaces the file (and lets a receiving server drop the copy) instead of doubling it.
   */
  outbox?: { id: string; createdAt: Date }
}

export interface Mailer {
  send(mail: Mail): Promise<void>
}

export function outboxDir(dataDir: string): string {
  return join(dataDir, 'outbox')
}

/** Fail fast rather than hold a claimed mail past its lease (nodemailer waits minutes by default). */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }

/**
 * SMTP through nodemailer when SMTP_URL is set; otherwise each message is rendered by nodemailer and
 * written as an .eml file to DATA_DIR/outbox/ (its path is logged, never its content). Text parts
 * are base64 when they are not plain short ASCII, so links are never broken by quoted-printable.
 */
export function createMailer(
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir' | 'publicUrl' | 'site'>,
  logger: Logger,
): Mailer {
  const sender = mailFromParts(config.mailFrom)
  const fromOf = (mail: Mail) => ({
    name: mail.fromName ?? sender.name ?? config.site.name,
    address: sender.address,
  })
  const domain = new URL(config.publicUrl).hostname
  const message = (mail: Mail) => ({
    from: fromOf(mail),
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    ...(mail.html ? { html: mail.html } : {}),
    ...(mail.headers ? { headers: mail.headers } : {}),
    messageId: `<${mail.outbox?.id ?? randomUUID()}@${domain}>`,
    date: new Date(),
    textEncoding: 'base64' as const,
  })
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport({ url: config.smtpUrl, ...SMTP_TIMEOUTS })
    return {
      async send(mail) {
        const info = await transport.sendMail(message(mail))
        logger.info({ messageId: info.messageId }, 'mail sent')
      },
    }
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
  const dir = outboxDir(config.dataDir)
  return {
    async send(mail) {
      const info = await transport.sendMail(message(mail))
      await mkdir(dir, { recursive: true })
      const stamp = (mail.outbox?.createdAt ?? new Date()).toISOString().replace(/[:.]/g, '-')
      const file = join(dir, `${stamp}-${mail.outbox?.id ?? randomUUID()}.eml`)
      // Written aside, then renamed: a crash never leaves half a message in the outbox.
      const partial = `${file}.${process.pid}.tmp`
      await writeFile(partial, info.message, { mode: 0o600 })
      await rename(partial, file)
      logger.info({ file }, 'mail written to the outbox')
    },
  }
}
