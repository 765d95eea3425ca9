import { topicForMail } from '../../voting/round-mail.js'
import { localized } from '../../web/localized.js'
import { defineMailKind } from '../kind.js'

/** A topic the member voted for has been covered (voting writes one per voter who wants to hear). */
export const topicCovered = defineMailKind({
  bulk: true,
  preference: 'coverage',
  // The topic read once per send pass, for its title in each voter's language.
  load: async (p, ctx) => {
    const topicId = p.topicId
    const topic =
      typeof topicId === 'string'
        ? await ctx.once(`topic:${topicId}`, () => topicForMail(ctx.db, topicId))
        : undefined
    return {
      topic: { title: topic?.title ?? String(p.title), translations: topic?.translations },
      coverageUrl: String(p.coverageUrl),
    }
  },
  compose: ({ topic, coverageUrl }, { t, i18n }) => {
    const { title } = localized(topic, i18n.locale)
    return {
      subject: t.topicCovered.subject(title),
      parts: [t.topicCovered.intro(title), { link: coverageUrl, label: t.topicCovered.action }],
    }
  },
})
