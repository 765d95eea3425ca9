import { roundForMail } from '../../voting/round-mail.js'
import { localizedWithTopics } from '../../web/localized.js'
import { defineMailKind } from '../kind.js'

/** A voting round has opened (voting/announcements.service.ts writes one per entitled, opted-in patron). */
export const roundOpened = defineMailKind({
  bulk: true,
  preference: 'rounds',
  // Read at send time, so topics added after the round opened are in the mail.
  load: async (p, ctx) => {
    const roundId = String(p.roundId)
    const round = await ctx.once(`round:${roundId}`, () => roundForMail(ctx.db, roundId))
    return round && { round }
  },
  compose: (loaded, { t, i18n, config, newsroom }) => {
    // Staff's words in the patron's mail language where they gave them.
    const round = localizedWithTopics(loaded.round, i18n.locale)
    const topics = round.topics.map((topic) => topic.title)
    // In the newsroom's time zone, named, as the pages show it.
    const closes = i18n.dateTime(round.closesAt)
    const url = `${config.publicUrl}/rounds/${round.id}`
    return {
      subject: t.roundOpened.subject(newsroom.name, round.title),
      parts: [
        t.roundOpened.intro(round.title),
        ...(topics.length ? [t.roundOpened.topics(topics.length), { list: topics }] : []),
        `${t.roundOpened.budget(round.votesPerMember)} ${t.roundOpened.closes(closes)}`,
        { link: url, label: t.roundOpened.action },
      ],
    }
  },
})
