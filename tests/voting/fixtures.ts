import type { Db } from '../../src/db/connect.js'
import type { ResultsVisibility } from '../../src/db/schema.js'
import type { TestApp } from '../helpers/app.js'
import { createMember, patronToken } from '../helpers/factories.js'

const HOUR = 3_600_000

export type RoundTiming = 'open' | 'upcoming' | 'closed'

/** A round straight in the database, timed around now by hours so clocks never race the test. */
export async function createRound(
  db: Db,
  fields: { timing?: RoundTiming; votesPerMember?: number; resultsVisibility?: ResultsVisibility } = {},
) {
  const now = Date.now()
  const [opens, closes] = {
    open: [now - HOUR, now + 24 * HOUR],
    upcoming: [now + HOUR, now + 24 * HOUR],
    closed: [now - 24 * HOUR, now - HOUR],
  }[fields.timing ?? 'open']
  return db
    .insertInto('rounds')
    .values({
      title: 'What should we investigate next?',
      description: null,
      opens_at: new Date(opens!),
      closes_at: new Date(closes!),
      votes_per_member: fields.votesPerMember ?? 3,
      results_visibility: fields.resultsVisibility ?? 'live',
    })
    .returning(['id'])
    .executeTakeFirstOrThrow()
}

export async function createTopics(db: Db, roundId: string, count: number) {
  const rows = await db
    .insertInto('topics')
    .values(Array.from({ length: count }, (_, i) => ({ round_id: roundId, title: `Topic ${i + 1}` })))
    .returning(['id'])
    .execute()
  return rows.map((r) => r.id)
}

/** Closes a round as an editor would by moving closesAt into the past (directly, for setup). */
export async function closeRound(db: Db, roundId: string) {
  await db
    .updateTable('rounds')
    .set({ opens_at: new Date(Date.now() - 48 * HOUR), closes_at: new Date(Date.now() - HOUR) })
    .where('id', '=', roundId)
    .execute()
}

export const MISSING_ID = '00000000-0000-4000-8000-000000000000'

/** A patron's view of the vote routes of the app `current()` returns (set in beforeAll). */
export function voter(current: () => TestApp) {
  return {
    async activePatron() {
      const app = current()
      const member = await createMember(app.db, { status: 'active' })
      return { member, token: patronToken(app.deps, member) }
    },
    vote: (token: string, roundId: string, topicId: string) =>
      current().api('POST', `/v1/rounds/${roundId}/votes`, { token, body: { topicId } }),
    withdraw: (token: string, roundId: string, topicId: string) =>
      current().api('DELETE', `/v1/rounds/${roundId}/votes/${topicId}`, { token }),
    async votesInDb(roundId: string, memberId: string) {
      const row = await current()
        .db.selectFrom('votes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('round_id', '=', roundId)
        .where('member_id', '=', memberId)
        .executeTakeFirstOrThrow()
      return Number(row.n)
    },
  }
}
