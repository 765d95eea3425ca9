import type { Db } from '../db/connect.js'
import { notEntitled, notFound, roundClosed, voteBudgetExhausted } from '../http/problems.js'
import { isConstraintViolation, votesRemaining } from './rules.js'
import { deleteVote, findBallotContext, insertVoteIfAllowed, votesUsed } from './votes.repository.js'

interface VoteRef {
  roundId: string
  topicId: string
  memberId: string
}

/**
 * One statement decides and inserts (see insertVoteIfAllowed): uniqueness is the primary key and the
 * budget a trigger under a row lock, so no read-then-write race is possible. The count of votes used
 * is read afterwards, so every answer, also to a concurrent repeat of the same vote, shows the
 * committed budget. `created` is false for a vote that already existed.
 */
export async function castVote(db: Db, vote: VoteRef) {
  let ballot: Awaited<ReturnType<typeof insertVoteIfAllowed>>
  try {
    ballot = await insertVoteIfAllowed(db, vote)
  } catch (err) {
    if (isConstraintViolation(err, 'round_participants_vote_budget')) throw voteBudgetExhausted()
    throw err
  }
  if (!ballot) throw notFound('No such round.')
  if (!ballot.entitled) throw notEntitled('Voting needs an active membership.')
  if (!ballot.topic_in_round) throw notFound('No such topic in this round.')
  if (!ballot.open) throw roundClosed('This round is not open for voting.')
  const used = await votesUsed(db, vote.roundId, vote.memberId)
  return {
    created: ballot.inserted,
    result: {
      roundId: vote.roundId,
      topicId: vote.topicId,
      votesRemaining: votesRemaining(ballot.votes_per_member, used),
    },
  }
}

/** Withdraws a vote while the round is open; the trigger gives the vote back to the budget. */
export async function withdrawVote(db: Db, vote: VoteRef): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ballot = await findBallotContext(trx, vote.roundId, vote.topicId)
    if (!ballot) throw notFound('No such round.')
    if (!ballot.open) throw roundClosed('Votes can only be withdrawn while the round is open.')
    if (!(await deleteVote(trx, vote))) throw notFound('You have no vote on this topic in this round.')
  })
}
