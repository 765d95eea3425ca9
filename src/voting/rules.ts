import type { ResultsVisibility } from '../db/schema.js'

/** Pure voting rules: no I/O. A round's state itself comes from the database clock (see rounds.repository). */

export type RoundState = 'upcoming' | 'open' | 'closed'

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
