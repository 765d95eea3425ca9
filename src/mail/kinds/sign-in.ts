import { defineMailKind } from '../kind.js'

/** The magic link (accounts). */
export const signIn = defineMailKind({
  bulk: false,
  load: (p) => ({ url: String(p.url), minutes: Number(p.minutes) }),
  compose: ({ url, minutes }, { t, i18n, newsroom }) => ({
    subject: t.signIn.subject(newsroom.name),
    parts: [
      t.signIn.intro(newsroom.name),
      { link: url, label: i18n.t('mail.button.signIn') },
      t.signIn.validity(minutes),
      t.signIn.ignore,
    ],
  }),
})
