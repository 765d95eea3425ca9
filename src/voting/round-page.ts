import type { Db } from '../db/connect.js'
import { patronRoundPage } from './rounds.service.js'
import { mySuggestions } from './suggestions.repository.js'

/** The round page of the web pages: what GET /v1/rounds/:id answers plus the member's suggestions. */
export async function memberRoundPage(db: Db, roundId: string, memberId: string) {
  const [round, suggestions] = await Promise.all([
    patronRoundPage(db, roundId, memberId),
    mySuggestions(db, roundId, memberId),
  ])
  return { round, suggestions }
}
