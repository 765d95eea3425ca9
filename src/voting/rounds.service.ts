import { z } from 'zod'
import type { Db } from '../db/connect.js'
import type { ResultsVisibility, TopicStatus } from '../db/schema.js'
import { inTransaction, withinTransaction } from '../db/transaction.js'
import { conflict, notFound, roundClosed, validation } from '../http/problems.js'
import { decodeCursor, keysetPage, storedTranslations } from '../http/schemas.js'
import { enqueueMailToMembers } from '../mail/enqueue.js'
import * as repo from './rounds.repository.js'

/** Staff's words in other languages, as the API takes them. */
type Translated =
  | Partial<Record<string, { title?: string | undefined; description?: string | undefined }>>
  | undefined

import { resultsVisibleToPatrons, takesSuggestions, votesRemaining } from './rules.js'
import * as topicRepo from './topics.repository.js'
import { roundTopicView, roundView, topicView } from './views.js'
import { coverageRecipients } from './votes.repository.js'

const roundCursor = z.object({ opensAt: z.iso.datetime(), id: z.uuid() })

export async function listRounds(db: Db, page: { limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(page.cursor, roundCursor)
  const rows = await repo.listRounds(db, page.limit, after)
  const { rows: data, nextCursor } = keysetPage(rows, page.limit, (last) => ({
    opensAt: last.opens_at.toISOString(),
    id: last.id,
  }))
  return { data: data.map(roundView), nextCursor }
}

/**
 * A patron's round, as GET /v1/rounds/:id answers it and the round page shows it: two queries however
 * many topics and votes it has.
 */
export async function patronRoundPage(db: Db, roundId: string, memberId: string) {
  const [round, topics] = await Promise.all([
    repo.findRoundForMember(db, roundId, memberId),
    topicRepo.topicsForMember(db, roundId, memberId),
  ])
  if (!round) throw notFound('No such round.', 'round-not-found')
  const showVotes = resultsVisibleToPatrons(round.results_visibility, round.state)
  return {
    ...roundView(round),
    topics: topics.map((t) => roundTopicView(t, showVotes)),
    myVotes: topics.filter((t) => t.mine).map((t) => t.id),
    votesRemaining: votesRemaining(round.votes_per_member, Number(round.votes_used)),
  }
}

/** Staff always see the tallies. */
export async function staffRoundPage(db: Db, roundId: string) {
  const round = await repo.findRound(db, roundId)
  if (!round) throw notFound('No such round.', 'round-not-found')
  const topics = await topicRepo.topicsWithVotes(db, roundId)
  return { ...roundView(round), topics: topics.map((t) => roundTopicView(t, true)) }
}

/** A round and its first topics in one transaction: the announcement never finds it half made. */
export async function createRound(
  db: Db,
  input: {
    title: string
    description?: string | undefined
    opensAt: Date
    closesAt: Date
    votesPerMember: number
    resultsVisibility: ResultsVisibility
    topics?: { title: string; description?: string | undefined; translations?: Translated }[] | undefined
    translations?: Translated
  },
) {
  return withinTransaction(db, async (trx) => {
    const { topics = [], translations, ...fields } = input
    const id = await repo.insertRound(trx, {
      ...fields,
      description: fields.description ?? null,
      translations: translations && storedTranslations(translations),
    })
    const created = []
    for (const topic of topics) {
      created.push(
        await topicRepo.insertTopic(trx, {
          roundId: id,
          title: topic.title,
          description: topic.description ?? null,
          translations: topic.translations && storedTranslations(topic.translations),
        }),
      )
    }
    return { ...roundView((await repo.findRound(trx, id))!), topics: created.map(topicView) }
  })
}

/**
 * Changes a round under its row lock, which waits for the votes in flight: moving closesAt into the
 * past closes it once they have committed, and none commits after (API.md, "A close is final and
 * exact"). A closed round keeps its dates; a round with votes keeps its opening in the past and a
 * budget of at least the most votes one member has cast.
 */
export async function updateRound(
  db: Db,
  id: string,
  changes: {
    title?: string | undefined
    description?: string | null | undefined
    opensAt?: Date | undefined
    closesAt?: Date | undefined
    votesPerMember?: number | undefined
    resultsVisibility?: ResultsVisibility | undefined
    translations?: Translated
  },
) {
  return inTransaction(db, async (trx) => {
    const current = await repo.lockRound(trx, id)
    if (!current) throw notFound('No such round.', 'round-not-found')
    const opensAt = changes.opensAt ?? current.opens_at
    const closesAt = changes.closesAt ?? current.closes_at
    const opensMoved = opensAt.getTime() !== current.opens_at.getTime()
    const closesMoved = closesAt.getTime() !== current.closes_at.getTime()
    if (current.state === 'closed' && (opensMoved || closesMoved)) {
      throw roundClosed('A closed round stays closed: its dates can no longer change.', 'round-dates-final')
    }
    if (closesAt <= opensAt) {
      throw validation(
        'closesAt must be after opensAt.',
        [
          {
            path: changes.closesAt ? 'body.closesAt' : 'body.opensAt',
            message: 'closesAt must be after opensAt',
          },
        ],
        'closes-before-opens',
      )
    }
    const opensInFuture = opensMoved && opensAt > current.locked_at
    if (opensInFuture || changes.votesPerMember !== undefined) {
      const mostUsed = await repo.mostVotesUsed(trx, id)
      if (opensInFuture && mostUsed > 0) {
        throw conflict('round-has-votes', 'This round has votes: its opening cannot move into the future.')
      }
      if (changes.votesPerMember !== undefined && changes.votesPerMember < mostUsed) {
        throw conflict(
          'votes-per-member-below-used',
          `A member has already cast ${mostUsed} votes in this round: votesPerMember cannot be lower.`,
        )
      }
    }
    await repo.updateRound(trx, id, {
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.translations !== undefined
        ? { translations: storedTranslations(changes.translations) }
        : {}),
      ...(opensMoved ? { opens_at: opensAt } : {}),
      ...(closesMoved ? { closes_at: closesAt } : {}),
      ...(changes.votesPerMember !== undefined ? { votes_per_member: changes.votesPerMember } : {}),
      ...(changes.resultsVisibility ? { results_visibility: changes.resultsVisibility } : {}),
    })
    return roundView((await repo.findRound(trx, id))!)
  })
}

/** Under the round's share lock, so a topic cannot be added to a round whose close has answered. */
export async function addTopic(
  db: Db,
  roundId: string,
  input: { title: string; description?: string | undefined; translations?: Translated },
) {
  return withinTransaction(db, async (trx) => {
    const round = await repo.shareLockRound(trx, roundId)
    if (!round) throw notFound('No such round.', 'round-not-found')
    if (!takesSuggestions(round.state))
      throw roundClosed('This round is closed: it takes no new topics.', 'topics-closed')
    const topic = await topicRepo.insertTopic(trx, {
      roundId,
      title: input.title,
      description: input.description ?? null,
      translations: input.translations && storedTranslations(input.translations),
    })
    return topicView(topic)
  })
}

/** A coverage URL belongs to a covered topic; moving a topic away from covered drops its URL. */
export async function updateTopic(
  db: Db,
  id: string,
  changes: {
    title?: string | undefined
    description?: string | null | undefined
    status?: TopicStatus | undefined
    coverageUrl?: string | null | undefined
    translations?: Translated
  },
) {
  return inTransaction(db, async (trx) => {
    const current = await topicRepo.lockTopic(trx, id)
    if (!current) throw notFound('No such topic.', 'topic-not-found')
    const status = changes.status ?? current.status
    let coverageUrl = changes.coverageUrl !== undefined ? changes.coverageUrl : current.coverage_url
    if (status !== 'covered' && coverageUrl !== null) {
      if (changes.coverageUrl) {
        throw validation(
          'Only a covered topic has a coverage URL.',
          [{ path: 'body.coverageUrl', message: 'set status to covered to link the published story' }],
          'coverage-url-not-covered',
        )
      }
      coverageUrl = null
    }
    const topic = await topicRepo.updateTopic(trx, id, {
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.translations !== undefined
        ? { translations: storedTranslations(changes.translations) }
        : {}),
      status,
      coverage_url: coverageUrl,
    })
    // Its voters hear of the story in the same transaction; setting it again mails no one twice.
    if (status === 'covered' && coverageUrl) {
      await enqueueMailToMembers(
        trx,
        {
          kind: 'topic-covered',
          keyPrefix: `topic-covered:${id}`,
          payload: { topicId: id, title: topic.title, coverageUrl },
        },
        coverageRecipients(id),
      )
    }
    return topicView(topic)
  })
}
