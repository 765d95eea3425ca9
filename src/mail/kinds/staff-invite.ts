import type { StaffRole } from '../../db/schema.js'
import { defineMailKind } from '../kind.js'

const roleKey = {
  admin: 'mail.role.admin',
  editor: 'mail.role.editor',
  analyst: 'mail.role.analyst',
} as const

/** A new staff member's invitation (accounts/staff.service.ts): their role and a sign-in link. */
export const staffInvite = defineMailKind({
  bulk: false,
  load: (p) => ({ url: String(p.url), minutes: Number(p.minutes), role: String(p.role) as StaffRole }),
  compose: ({ url, minutes, role }, { t, i18n, config, newsroom }) => ({
    subject: i18n.t('mail.invite.subject', { site: newsroom.name }),
    parts: [
      i18n.t('mail.invite.intro', { site: newsroom.name, role: i18n.t(roleKey[role] ?? roleKey.editor) }),
      { link: url, label: i18n.t('mail.button.signIn') },
      t.signIn.validity(minutes),
      i18n.t('mail.invite.later', { url: `${config.publicUrl}/login` }),
      i18n.t('mail.invite.ignore'),
    ],
  }),
})
