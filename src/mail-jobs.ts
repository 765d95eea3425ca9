import type { MailJob } from './mail/sender.js'
import { announceOpenedRounds } from './voting/announcements.service.js'

/** What the mail sender runs every few seconds before it sends: the features' jobs that write mails. A feature adds its own here. */
export const mailJobs: readonly MailJob[] = [{ name: 'rounds announced', run: announceOpenedRounds }]
