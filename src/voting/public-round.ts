import { z } from 'zod'
import type { Db } from '../db/connect.js'
import type { Translations } from '../db/schema.js'
import { translationsOut } from '../http/schemas.js'
import type { Locale } from '../locales.js'
import { localizedWithTopics } from '../web/localized.js'
import { openRoundsWithTopics } from './rounds.repository.js'

const publicTopic = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  translations: translationsOut.optional(),
})
const publicRound = z.object({
  id: z.string(),
  title: z.string(),
  closesAt: z.string(),
  translations: translationsOut.optional(),
  topics: z.array(publicTopic),
})
export const publicOpenRound = z.object({ round: publicRound.nullable() })
export type PublicRound = z.infer<typeof publicRound>

const parsed = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value)

/** What anyone may see of the open rounds: titles, closing times and the topics that take votes. */
export async function openRounds(db: Db): Promise<PublicRound[]> {
  const rows = await openRoundsWithTopics(db)
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    closesAt: new Date(row.closes_at).toISOString(),
    translations: parsed<Translations>(row.translations),
    topics: parsed(row.topics).map((t) => ({
      id: t.id,
      title: t.title,
      description: t.description,
      translations: parsed<Translations>(t.translations),
    })),
  }))
}

/** The open round the embed and the checkout page point to: the soonest to close that has topics. */
export async function openRoundTeaser(db: Db): Promise<z.infer<typeof publicOpenRound>> {
  const rounds = await openRounds(db)
  return { round: rounds.find((r) => r.topics.length > 0) ?? rounds[0] ?? null }
}

/** The open rounds that have topics (the home page's teaser), in the reader's language. */
export async function openRoundsToShow(db: Db, locale: Locale): Promise<PublicRound[]> {
  const rounds = await openRounds(db)
  return rounds.filter((r) => r.topics.length > 0).map((r) => localizedWithTopics(r, locale))
}
