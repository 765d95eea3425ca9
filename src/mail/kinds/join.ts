import { defineMailKind } from '../kind.js'

/** The join link (billing): continue to payment, or, for a live patron, a note with a sign-in link. */
export const join = defineMailKind({
  bulk: false,
  load: (p) => ({ url: String(p.url), minutes: Number(p.minutes), live: p.live === true }),
  compose: ({ url, minutes, live }, { t, newsroom }) => {
    const site = newsroom.name
    return live
      ? {
          subject: t.join.patronSubject(site),
          parts: [t.join.patron(site), { link: url, label: t.join.signIn }, t.signIn.validity(minutes)],
        }
      : {
          subject: t.join.subject(site),
          parts: [
            t.join.intro(site),
            { link: url, label: t.join.action },
            t.signIn.validity(minutes),
            t.join.ignore,
          ],
        }
  },
})
