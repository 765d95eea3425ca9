import { defineMailKind } from '../kind.js'

/** The magic link (accounts). */
export const signIn = defineMailKind({
  bulk: false,
  load: (p) => ({ url: String(p.url), minutes: Number(p.minutes) }),
  compose: ({ url, minutes }, { t }) => ({
    subject: t.signIn.subject,
    parts: [t.signIn.intro, { link: url, label: url }, t.signIn.validity(minutes), t.signIn.ignore],
  }),
})
