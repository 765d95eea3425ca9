import type { ResultsVisibility, TopicStatus } from '../db/schema.js'

/**
 * The voting policy, pure (no I/O): the API, the pages, the vote statement and the mails decide by
 * these. A round's state itself comes from the database clock (see rounds.repository).
 */

export type RoundState = 'upcoming' | 'open' | 'closed'

/** Topics that take votes (API.md): `covered` and `declined` do not. The vote statement reads it too. */
export const VOTABLE_TOPIC_STATUSES = ['open', 'planned'] as const satisfies readonly TopicStatus[]

export const isVotable = (status: TopicStatus): boolean =>
  (VOTABLE_TOPIC_STATUSES as readonly TopicStatus[]).includes(status)

/** An entitled member votes on a votable topic of an open round. */
export function canVote(state: RoundState, entitled: boolean, status: TopicStatus): boolean {
  return state === 'open' && entitled && isVotable(status)
}

/** A round takes suggestions (and new topics) until it closes. */
export const takesSuggestions = (state: RoundState): boolean => state !== 'closed'

/** An entitled member suggests a topic for an upcoming or open round. */
export const canSuggest = (state: RoundState, entitled: boolean): boolean =>
  takesSuggestions(state) && entitled

/** How many suggestions one member may make per round (also a constraint in the migration). */
export const SUGGESTIONS_PER_MEMBER_PER_ROUND = 3

/** Patrons see tallies live, or once the round is closed; staff always see them. */
export function resultsVisibleToPatrons(visibility: ResultsVisibility, state: RoundState): boolean {
  return visibility === 'live' || state === 'closed'
}

export function votesRemaining(votesPerMember: number, votesUsed: number): number {
  return Math.max(0, votesPerMember - votesUsed)
}

export function participationRate(voters: number, eligibleVoters: number): number {
  return eligibleVoters === 0 ? 0 : voters / eligibleVoters
}

/** A Postgres constraint error, including the ones our triggers raise, by constraint name. */
export function isConstraintViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string } | undefined
  return e?.code === '23514' && e.constraint === constraint
}
