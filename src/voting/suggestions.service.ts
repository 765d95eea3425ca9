import { z } from 'zod'
import { isEntitled } from '../billing/entitlement.js'
import type { Db } from '../db/connect.js'
import type { SuggestionStatus } from '../db/schema.js'
import { inTransaction, withinTransaction } from '../db/transaction.js'
import { conflict, notEntitled, notFound, roundClosed } from '../http/problems.js'
import { decodeCursor, keysetPage } from '../http/schemas.js'
import { findRound, shareLockRound } from './rounds.repository.js'
import { isConstraintViolation, SUGGESTIONS_PER_MEMBER_PER_ROUND, takesSuggestions } from './rules.js'
import * as repo from './suggestions.repository.js'
import { insertTopic } from './topics.repository.js'
import { topicView } from './views.js'

const suggestionCursor = z.object({ createdAt: z.string().max(64), id: z.uuid() })

function suggestionView(s: repo.SuggestionRow) {
  return {
    id: s.id,
    roundId: s.round_id,
    memberId: s.member_id,
    title: s.title,
    description: s.description,
    status: s.status,
    topicId: s.topic_id,
    decidedAt: s.decided_at?.toISOString() ?? null,
    createdAt: s.created_at.toISOString(),
  }
}

/** An entitled patron proposes a topic for an open or upcoming round; the limit is a DB constraint. */
export async function suggest(
  db: Db,
  input: { roundId: string; memberId: string; title: string; description?: string | undefined },
) {
  return withinTransaction(db, async (trx) => {
    const round = await findRound(trx, input.roundId)
    if (!round) throw notFound('No such round.', 'round-not-found')
    if (!(await isEntitled(trx, input.memberId)))
      throw notEntitled('Suggesting needs an active membership.', 'suggest-needs-membership')
    if (!takesSuggestions(round.state))
      throw roundClosed('This round is closed; suggestions are no longer taken.', 'suggestions-closed')
    try {
      return await repo.insertSuggestion(trx, { ...input, description: input.description ?? null })
    } catch (err) {
      if (isConstraintViolation(err, 'round_participants_suggestion_limit')) {
        throw conflict(
          'suggestion-limit',
          `You may make at most ${SUGGESTIONS_PER_MEMBER_PER_ROUND} suggestions per round.`,
        )
      }
      throw err
    }
  })
}

export async function listSuggestions(
  db: Db,
  query: {
    status?: SuggestionStatus | undefined
    roundId?: string | undefined
    limit: number
    cursor?: string | undefined
  },
) {
  const after = decodeCursor(query.cursor, suggestionCursor)
  const rows = await repo.listSuggestions(db, query, query.limit, after)
  const { rows: data, nextCursor } = keysetPage(rows, query.limit, (last) => ({
    createdAt: last.created_at_key,
    id: last.id,
  }))
  return { data: data.map(suggestionView), nextCursor }
}

/**
 * The suggestion becomes a topic of its round; both in one transaction, under the suggestion's row lock
 * and the round's share lock (a closed round takes no topics).
 */
export async function approveSuggestion(db: Db, id: string, staffId: string) {
  return inTransaction(db, async (trx) => {
    const s = await repo.lockSuggestion(trx, id)
    if (!s) throw notFound('No such suggestion.', 'suggestion-not-found')
    if (s.status !== 'pending')
      throw conflict('suggestion-decided', `This suggestion is already ${s.status}.`)
    const round = await shareLockRound(trx, s.round_id)
    if (round && !takesSuggestions(round.state))
      throw roundClosed('This round is closed: it takes no new topics.', 'topics-closed')
    const topic = await insertTopic(trx, { roundId: s.round_id, title: s.title, description: s.description })
    await repo.decideSuggestion(trx, id, { status: 'approved', topicId: topic.id, decidedBy: staffId })
    return topicView(topic)
  })
}

export async function rejectSuggestion(db: Db, id: string, staffId: string) {
  return inTransaction(db, async (trx) => {
    const s = await repo.lockSuggestion(trx, id)
    if (!s) throw notFound('No such suggestion.', 'suggestion-not-found')
    if (s.status !== 'pending')
      throw conflict('suggestion-decided', `This suggestion is already ${s.status}.`)
    return suggestionView(
      await repo.decideSuggestion(trx, id, { status: 'rejected', topicId: null, decidedBy: staffId }),
    )
  })
}
