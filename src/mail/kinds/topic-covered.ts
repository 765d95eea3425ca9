import { defineMailKind } from '../kind.js'

/** A topic the member voted for has been covered (voting writes one per voter who wants to hear). */
export const topicCovered = defineMailKind({
  bulk: true,
  preference: 'coverage',
  load: (p) => ({ title: String(p.title), coverageUrl: String(p.coverageUrl) }),
  compose: ({ title, coverageUrl }, { t }) => ({
    subject: t.topicCovered.subject(title),
    parts: [t.topicCovered.intro(title), { link: coverageUrl, label: t.topicCovered.action }],
  }),
})
