import type { Db } from '../db/connect.js'
import { conflict, notEntitled, notFound, roundClosed, voteBudgetExhausted } from '../http/problems.js'
import { isConstraintViolation, isVotable, votesRemaining } from './rules.js'
import { castVoteStatement, withdrawVoteStatement } from './votes.repository.js'

interface VoteRef {
  roundId: string
  topicId: string
  memberId: string
}

/**
 * One statement decides, inserts and counts (see castVoteStatement): uniqueness is the primary key,
 * the budget a trigger under a row lock, and the close and the end of a membership row locks, so no
 * read-then-write race is possible. `created` is false for a vote that already existed.
 */
export async function castVote(db: Db, vote: VoteRef) {
  let ballot: Awaited<ReturnType<typeof castVoteStatement>>
  try {
    ballot = await castVoteStatement(db, vote)
  } catch (err) {
    if (isConstraintViolation(err, 'round_participants_vote_budget')) throw voteBudgetExhausted()
    throw err
  }
  if (!ballot) throw notFound('No such round.', 'round-not-found')
  if (!ballot.entitled) throw notEntitled('Voting needs an active membership.', 'vote-needs-membership')
  if (ballot.topic_status === null) throw notFound('No such topic in this round.', 'topic-not-found')
  if (!ballot.open) throw roundClosed('This round is not open for voting.', 'voting-not-open')
  if (!isVotable(ballot.topic_status)) {
    throw conflict(
      'topic-not-votable',
      `This topic is ${ballot.topic_status}; votes go to open and planned topics.`,
    )
  }
  return {
    created: ballot.inserted,
    result: {
      roundId: vote.roundId,
      topicId: vote.topicId,
      votesRemaining: votesRemaining(ballot.votes_per_member, ballot.votes_used),
    },
  }
}

/** Withdraws a vote while the round is open; the trigger gives the vote back to the budget. */
export async function withdrawVote(db: Db, vote: VoteRef): Promise<void> {
  const outcome = await withdrawVoteStatement(db, vote)
  if (!outcome) throw notFound('No such round.', 'round-not-found')
  if (!outcome.open)
    throw roundClosed('Votes can only be withdrawn while the round is open.', 'withdrawal-closed')
  if (!outcome.deleted) throw notFound('You have no vote on this topic in this round.', 'vote-not-found')
}
