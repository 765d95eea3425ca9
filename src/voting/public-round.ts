import { z } from 'zod'
import type { Db } from '../db/connect.js'
import { openRoundWithTopics } from './rounds.repository.js'

export const publicOpenRound = z.object({
  round: z
    .object({
      id: z.string(),
      title: z.string(),
      closesAt: z.string(),
      topics: z.array(z.object({ id: z.string(), title: z.string(), description: z.string().nullable() })),
    })
    .nullable(),
})

/** What anyone may see of the open round: its title, closing time and the topics that take votes. */
export async function openRoundTeaser(db: Db): Promise<z.infer<typeof publicOpenRound>> {
  const row = await openRoundWithTopics(db)
  if (!row) return { round: null }
  const topics = typeof row.topics === 'string' ? JSON.parse(row.topics) : row.topics
  return {
    round: {
      id: row.id,
      title: row.title,
      closesAt: new Date(row.closes_at).toISOString(),
      topics: (topics as { id: string; title: string; description: string | null }[]).map((t) => ({
        id: t.id,
        title: t.title,
        description: t.description,
      })),
    },
  }
}
