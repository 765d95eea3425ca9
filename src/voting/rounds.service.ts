import { z } from 'zod'
import type { Db } from '../db/connect.js'
import type { ResultsVisibility, TopicStatus } from '../db/schema.js'
import { notFound, validation } from '../http/problems.js'
import { decodeCursor, encodeCursor } from '../http/schemas.js'
import { enqueueCoverageMails } from '../mail/announcements.js'
import * as repo from './rounds.repository.js'
import { resultsVisibleToPatrons, votesRemaining } from './rules.js'
import { roundTopicView, roundView, topicView } from './views.js'

const roundCursor = z.object({ opensAt: z.iso.datetime(), id: z.uuid() })

export async function listRounds(db: Db, page: { limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(page.cursor, roundCursor)
  const rows = await repo.listRounds(db, page.limit, after)
  const data = rows.slice(0, page.limit)
  const last = data.at(-1)
  return {
    data: data.map(roundView),
    nextCursor:
      rows.length > page.limit && last
        ? encodeCursor({ opensAt: last.opens_at.toISOString(), id: last.id })
        : null,
  }
}

/** A patron's round page: three queries however many topics and votes it has. */
export async function patronRoundPage(db: Db, roundId: string, memberId: string) {
  const round = await repo.findRoundForMember(db, roundId, memberId)
  if (!round) throw notFound('No such round.')
  const [topics, mine] = await Promise.all([
    repo.topicsWithVotes(db, roundId),
    repo.myVotes(db, roundId, memberId),
  ])
  const showVotes = resultsVisibleToPatrons(round.results_visibility, round.state)
  return {
    ...roundView(round),
    topics: topics.map((t) => roundTopicView(t, showVotes)),
    myVotes: mine,
    votesRemaining: votesRemaining(round.votes_per_member, Number(round.votes_used)),
  }
}

/** Staff always see the tallies. */
export async function staffRoundPage(db: Db, roundId: string) {
  const round = await repo.findRound(db, roundId)
  if (!round) throw notFound('No such round.')
  const topics = await repo.topicsWithVotes(db, roundId)
  return { ...roundView(round), topics: topics.map((t) => roundTopicView(t, true)) }
}

export async function createRound(
  db: Db,
  input: {
    title: string
    description?: string | undefined
    opensAt: Date
    closesAt: Date
    votesPerMember: number
    resultsVisibility: ResultsVisibility
  },
) {
  const id = await repo.insertRound(db, { ...input, description: input.description ?? null })
  return roundView((await repo.findRound(db, id))!)
}

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
  },
) {
  return db.transaction().execute(async (trx) => {
    const current = await repo.lockRound(trx, id)
    if (!current) throw notFound('No such round.')
    const opensAt = changes.opensAt ?? current.opens_at
    const closesAt = changes.closesAt ?? current.closes_at
    if (closesAt <= opensAt) {
      throw validation('closesAt must be after opensAt.', [
        {
          path: changes.closesAt ? 'body.closesAt' : 'body.opensAt',
          message: 'closesAt must be after opensAt',
        },
      ])
    }
    await repo.updateRound(trx, id, {
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.opensAt ? { opens_at: changes.opensAt } : {}),
      ...(changes.closesAt ? { closes_at: changes.closesAt } : {}),
      ...(changes.votesPerMember !== undefined ? { votes_per_member: changes.votesPerMember } : {}),
      ...(changes.resultsVisibility ? { results_visibility: changes.resultsVisibility } : {}),
    })
    return roundView((await repo.findRound(trx, id))!)
  })
}

export async function addTopic(
  db: Db,
  roundId: string,
  input: { title: string; description?: string | undefined },
) {
  if (!(await repo.findRound(db, roundId))) throw notFound('No such round.')
  const topic = await repo.insertTopic(db, {
    roundId,
    title: input.title,
    description: input.description ?? null,
  })
  return topicView(topic)
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
  },
) {
  return db.transaction().execute(async (trx) => {
    const current = await repo.lockTopic(trx, id)
    if (!current) throw notFound('No such topic.')
    const status = changes.status ?? current.status
    let coverageUrl = changes.coverageUrl !== undefined ? changes.coverageUrl : current.coverage_url
    if (status !== 'covered' && coverageUrl !== null) {
      if (changes.coverageUrl) {
        throw validation('Only a covered topic has a coverage URL.', [
          { path: 'body.coverageUrl', message: 'set status to covered to link the published story' },
        ])
      }
      coverageUrl = null
    }
    const topic = await repo.updateTopic(trx, id, {
      ...(changes.title !== undefined ? { title: changes.title } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      status,
      coverage_url: coverageUrl,
    })
    // Its voters hear of the story in the same transaction; setting it again mails no one twice.
    if (status === 'covered' && coverageUrl) {
      await enqueueCoverageMails(trx, { id, title: topic.title, coverageUrl })
    }
    return topicView(topic)
  })
}
