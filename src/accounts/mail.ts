import { randomUUID } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import nodemailer from 'nodemailer'
import type { Config } from '../config.js'
import type { Logger } from '../logger.js'

export interface Mail {
  to: string
  subject: string
  text: string
}

export interface Mailer {
  send(mail: Mail): Promise<void>
}

export function outboxDir(dataDir: string): string {
  return join(dataDir, 'outbox')
}

/**
 * SMTP through nodemailer when SMTP_URL is set; otherwise each message is rendered by nodemailer and
 * written as an .eml file to DATA_DIR/outbox/ (its path is logged, never its content).
 */
export function createMailer(
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>,
  logger: Logger,
): Mailer {
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl)
    return {
      async send(mail) {
        const info = await transport.sendMail({ from: config.mailFrom, ...mail })
        logger.info({ messageId: info.messageId }, 'mail sent')
      },
    }
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
  const dir = outboxDir(config.dataDir)
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: config.mailFrom, ...mail })
      await mkdir(dir, { recursive: true })
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`)
      await writeFile(file, info.message, { mode: 0o600 })
      logger.info({ file }, 'mail written to the outbox')
    },
  }
}
