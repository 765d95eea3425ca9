import type { Db } from '../db/connect.js'
import { notFound } from '../http/problems.js'
import { findRoundPageForMember, topicsForMember } from './rounds.repository.js'
import { resultsVisibleToPatrons, votesRemaining } from './rules.js'
import { roundTopicView, roundView } from './views.js'

/**
 * The round page of the web pages: what GET /v1/rounds/:id answers plus the member's suggestions,
 * in two queries (with the session's, three per page however many topics there are).
 */
export async function memberRoundPage(db: Db, roundId: string, memberId: string) {
  const [round, topics] = await Promise.all([
    findRoundPageForMember(db, roundId, memberId),
    topicsForMember(db, roundId, memberId),
  ])
  if (!round) throw notFound('No such round.', 'round-not-found')
  const showVotes = resultsVisibleToPatrons(round.results_visibility, round.state)
  const suggestions =
    typeof round.my_suggestions === 'string' ? JSON.parse(round.my_suggestions) : round.my_suggestions
  return {
    round: {
      ...roundView(round),
      topics: topics.map((t) => roundTopicView(t, showVotes)),
      myVotes: topics.filter((t) => t.mine).map((t) => t.id),
      votesRemaining: votesRemaining(round.votes_per_member, Number(round.votes_used)),
    },
    suggestions: suggestions as { id: string; title: string; status: 'pending' | 'approved' | 'rejected' }[],
  }
}
