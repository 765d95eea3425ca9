import type { Mail, Mailer } from '../accounts/mail.js'
import type { Config } from '../config.js'
import type { Db } from '../db/connect.js'
import type { MemberStatus } from '../db/schema.js'
import type { Logger } from '../logger.js'
import type { SyncResult } from './sync.service.js'

export interface NotifyDeps {
  db: Db
  mailer: Mailer
  logger: Logger
  config: Pick<Config, 'publicUrl' | 'gracePeriodDays'>
}

const PATRON: readonly MemberStatus[] = ['active', 'trialing', 'past_due']

/** The mail a member gets for a committed status change, or none for changes that need no word. */
export function membershipMail(
  to: string,
  change: { from: MemberStatus; to: MemberStatus },
  config: NotifyDeps['config'],
): Mail | null {
  const lines = (...text: string[]) => ['Hello,', '', ...text, ''].join('\n')
  if (!PATRON.includes(change.from) && (change.to === 'active' || change.to === 'trialing')) {
    return {
      to,
      subject: 'Welcome, patron',
      text: lines(
        'thank you for becoming a patron. You can now vote on the topics we cover next.',
        '',
        `Sign in with your email address at ${config.publicUrl}/login to cast your votes.`,
      ),
    }
  }
  if (change.from !== 'past_due' && change.to === 'past_due') {
    return {
      to,
      subject: 'Your payment did not go through',
      text: lines(
        'we could not collect your last membership payment.',
        `You keep your voting rights for ${config.gracePeriodDays} days while Stripe retries;`,
        'updating your card in the billing portal settles it at once.',
      ),
    }
  }
  if (PATRON.includes(change.from) && (change.to === 'canceled' || change.to === 'unpaid')) {
    return {
      to,
      subject: 'Your membership has ended',
      text: lines('your membership has ended. Thank you for your support; you are welcome back any time.'),
    }
  }
  return null
}

/** Runs after the commit only: a rolled-back change must not notify anyone, and a mail failure is logged. */
export async function notifyMembershipChange(deps: NotifyDeps, result: SyncResult | null): Promise<void> {
  if (!result?.transition || !result.memberId) return
  try {
    const member = await deps.db
      .selectFrom('members')
      .select('email')
      .where('id', '=', result.memberId)
      .executeTakeFirst()
    const mail = member && membershipMail(member.email, result.transition, deps.config)
    if (mail) await deps.mailer.send(mail)
  } catch (err) {
    deps.logger.error({ err, memberId: result.memberId }, 'could not send a membership mail')
  }
}
