import { z } from 'zod'
import { description, isoDateTime, title, translationsOf, translationsOut } from '../http/schemas.js'

/** Request and response schemas of the voting routes (they also document the OpenAPI paths). */

export const roundState = z.enum(['upcoming', 'open', 'closed'])
export const resultsVisibility = z.enum(['live', 'after_close'])
export const topicStatus = z.enum(['open', 'planned', 'covered', 'declined'])
export const suggestionStatus = z.enum(['pending', 'approved', 'rejected'])

export const round = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  opensAt: z.string(),
  closesAt: z.string(),
  state: roundState,
  votesPerMember: z.number().int(),
  resultsVisibility,
  translations: translationsOut.optional(),
})

export const topic = z.object({
  id: z.string(),
  roundId: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: topicStatus,
  coverageUrl: z.string().nullable(),
  translations: translationsOut.optional(),
})

export const patronTopic = topic.omit({ roundId: true }).extend({
  votes: z.number().int().optional().meta({ description: 'Only where results are visible to patrons' }),
})

export const patronRoundPage = round.extend({
  topics: z.array(patronTopic),
  myVotes: z.array(z.string()),
  votesRemaining: z.number().int(),
})

export const staffRoundPage = round.extend({
  topics: z.array(topic.omit({ roundId: true }).extend({ votes: z.number().int() })),
})

export const voteBody = z.object({ topicId: z.uuid({ message: 'must be a UUID' }) })
export const voteResult = z.object({
  roundId: z.string(),
  topicId: z.string(),
  votesRemaining: z.number().int(),
})

/** A round's or topic's title and description in other languages (`{ uk: { title, description } }`). */
export const contentTranslations = translationsOf({ title: 200, description: 5000 })

export const newTopicBody = z.object({
  title,
  description: description.optional(),
  translations: contentTranslations.optional(),
})

export const newRoundBody = z
  .object({
    title,
    description: description.optional(),
    opensAt: isoDateTime,
    closesAt: isoDateTime,
    votesPerMember: z.number().int().min(1).max(100),
    resultsVisibility,
    translations: contentTranslations.optional(),
    topics: z
      .array(newTopicBody)
      .max(100)
      .optional()
      .meta({ description: 'The first topics, created with the round so that it is announced whole' }),
  })
  .refine((r) => r.closesAt > r.opensAt, { path: ['closesAt'], message: 'must be after opensAt' })

export const roundPatchBody = z
  .object({
    title: title.optional(),
    description: description.nullable().optional(),
    opensAt: isoDateTime.optional(),
    closesAt: isoDateTime.optional(),
    votesPerMember: z.number().int().min(1).max(100).optional(),
    resultsVisibility: resultsVisibility.optional(),
    /** Replaces the stored translations as a whole. */
    translations: contentTranslations.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'name at least one field to change' })

export const newRound = round.extend({ topics: z.array(topic) })

export const coverageUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2000)
  .meta({ description: 'Link to the published story; only for a covered topic' })

export const topicPatchBody = z
  .object({
    title: title.optional(),
    description: description.nullable().optional(),
    status: topicStatus.optional(),
    coverageUrl: coverageUrl.nullable().optional(),
    /** Replaces the stored translations as a whole. */
    translations: contentTranslations.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'name at least one field to change' })

export const newSuggestionBody = z.object({ title, description: description.optional() })
export const suggestionCreated = z.object({ id: z.string(), status: z.literal('pending') })

export const suggestion = z.object({
  id: z.string(),
  roundId: z.string(),
  memberId: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  status: suggestionStatus,
  topicId: z.string().nullable(),
  decidedAt: z.string().nullable(),
  createdAt: z.string(),
})

export const roundReport = z.object({
  eligibleVoters: z.number().int(),
  voters: z.number().int(),
  participationRate: z.number(),
  topics: z.array(z.object({ id: z.string(), title: z.string(), votes: z.number().int() })),
})
