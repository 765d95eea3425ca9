import { isEntitled } from '../billing/entitlement.js'
import type { Db } from '../db/connect.js'
import { notEntitled, notFound, roundClosed, voteBudgetExhausted } from '../http/problems.js'
import { isConstraintViolation, votesRemaining } from './rules.js'
import { deleteVote, findBallotContext, insertVote, votesUsed } from './votes.repository.js'

interface VoteRef {
  roundId: string
  topicId: string
  memberId: string
}

/**
 * One short transaction: the entitlement, the round's state and the topic are read in it, and the
 * insert itself enforces uniqueness (primary key) and the budget (trigger under a row lock), so no
 * read-then-write race is possible. `created` is false for a vote that already existed.
 */
export async function castVote(db: Db, vote: VoteRef) {
  return db.transaction().execute(async (trx) => {
    const ballot = await findBallotContext(trx, vote.roundId, vote.topicId)
    if (!ballot) throw notFound('No such round.')
    if (!(await isEntitled(trx, vote.memberId))) throw notEntitled('Voting needs an active membership.')
    if (!ballot.topic_in_round) throw notFound('No such topic in this round.')
    if (!ballot.open) throw roundClosed('This round is not open for voting.')
    let created: boolean
    try {
      created = await insertVote(trx, vote)
    } catch (err) {
      if (isConstraintViolation(err, 'round_participants_vote_budget')) throw voteBudgetExhausted()
      throw err
    }
    const used = await votesUsed(trx, vote.roundId, vote.memberId)
    return {
      created,
      result: {
        roundId: vote.roundId,
        topicId: vote.topicId,
        votesRemaining: votesRemaining(ballot.votes_per_member, used),
      },
    }
  })
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
