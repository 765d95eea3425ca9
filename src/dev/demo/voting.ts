import type { Db } from '../../db/connect.js'
import { addTopic, createRound, updateRound, updateTopic } from '../../voting/rounds.service.js'
import { suggest } from '../../voting/suggestions.service.js'
import { castVote } from '../../voting/votes.service.js'
import { CLOSED_ROUND, OPEN_ROUND } from './newsroom.js'
import { seededRandom } from './random.js'

const DAY_MS = 86_400_000

/** Each voter spends one to three votes on topics drawn with a bias, so results have a winner. */
async function vote(db: Db, roundId: string, topicIds: string[], voters: string[], seed: number) {
  const random = seededRandom(seed)
  for (const memberId of voters) {
    const count = 1 + Math.floor(random() * 3)
    const chosen = new Set<string>()
    while (chosen.size < count) chosen.add(topicIds[Math.floor(random() ** 1.6 * topicIds.length)]!)
    for (const topicId of chosen) await castVote(db, { roundId, topicId, memberId })
  }
}

async function roundWithTopics(db: Db, round: typeof CLOSED_ROUND | typeof OPEN_ROUND, opensAt: Date) {
  const created = await createRound(db, {
    title: round.title,
    description: round.description,
    translations: round.translations,
    opensAt,
    closesAt: new Date(Date.now() + 8 * DAY_MS),
    votesPerMember: 3,
    resultsVisibility: 'live',
  })
  const topicIds: string[] = []
  for (const { title, description, translations } of round.topics)
    topicIds.push((await addTopic(db, created.id, { title, description, translations })).id)
  return { roundId: created.id, topicIds }
}

/**
 * The closed round: patrons voted, it closed two weeks ago, and the newsroom recorded what became of
 * each topic (the winner covered, with its link). Through the voting services, as staff and patrons would.
 */
export async function seedClosedRound(db: Db, voters: string[]): Promise<void> {
  const { roundId, topicIds } = await roundWithTopics(db, CLOSED_ROUND, new Date(Date.now() - 45 * DAY_MS))
  await vote(db, roundId, topicIds, voters, 7)
  await updateRound(db, roundId, { closesAt: new Date(Date.now() - 14 * DAY_MS) })
  for (const [i, topic] of CLOSED_ROUND.topics.entries()) {
    if (topic.outcome === 'open') continue
    await updateTopic(db, topicIds[i]!, {
      status: topic.outcome,
      ...(topic.outcome === 'covered' ? { coverageUrl: CLOSED_ROUND.coverageUrl } : {}),
    })
  }
}

/** The open round, with votes and suggestions waiting for staff. Its existence marks a finished seed. */
export async function seedOpenRound(db: Db, voters: string[], suggesters: string[]): Promise<void> {
  const { roundId, topicIds } = await roundWithTopics(db, OPEN_ROUND, new Date(Date.now() - 6 * DAY_MS))
  await vote(db, roundId, topicIds, voters, 11)
  for (const [i, memberId] of suggesters.entries()) {
    const suggestion = OPEN_ROUND.suggestions[i % OPEN_ROUND.suggestions.length]!
    await suggest(db, { roundId, memberId, ...suggestion })
  }
}

export async function demoSeeded(db: Db): Promise<boolean> {
  const round = await db
    .selectFrom('rounds')
    .select('id')
    .where('title', '=', OPEN_ROUND.title)
    .executeTakeFirst()
  return round !== undefined
}
