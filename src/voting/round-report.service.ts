import type { Db } from '../db/connect.js'
import { openRoundsClosingFirst, roundParticipation } from './round-report.repository.js'

/** The open rounds, the soonest to close first (at most `limit`), each with its participation. */
export async function openRoundsParticipation(db: Db, limit: number) {
  const rounds = await openRoundsClosingFirst(db, limit)
  return Promise.all(rounds.map(async (r) => ({ ...r, ...(await roundParticipation(db, r.id)) })))
}
