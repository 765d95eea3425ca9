import type { ColumnType, Generated } from 'kysely'
import type { CreatedAt, Timestamp, Translations, UpdatedAt } from './columns.js'

export type TopicStatus = 'open' | 'planned' | 'covered' | 'declined'
export type SuggestionStatus = 'pending' | 'approved' | 'rejected'
export type ResultsVisibility = 'live' | 'after_close'

export interface RoundsTable {
  id: Generated<string>
  title: string
  description: string | null
  opens_at: Timestamp
  closes_at: Timestamp
  votes_per_member: number
  results_visibility: ResultsVisibility
  /** When its opening was mailed to patrons (set once, by the announcer). */
  announced_at: Generated<Date | null>
  /** Staff's words in other languages, by locale (see `web/localized.ts`). */
  translations: ColumnType<Translations, string | undefined, string>
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export interface TopicsTable {
  id: Generated<string>
  round_id: string
  title: string
  description: string | null
  status: Generated<TopicStatus>
  coverage_url: string | null
  /** Staff's words in other languages, by locale (see `web/localized.ts`). */
  translations: ColumnType<Translations, string | undefined, string>
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export interface VotesTable {
  round_id: string
  topic_id: string
  member_id: string
  created_at: CreatedAt
}

export interface SuggestionsTable {
  id: Generated<string>
  round_id: string
  member_id: string
  title: string
  description: string | null
  status: Generated<SuggestionStatus>
  topic_id: string | null
  decided_by: string | null
  decided_at: Timestamp | null
  created_at: CreatedAt
}

/** Per round and member: votes cast and suggestions made, kept by triggers (the budget and limit live here). */
export interface RoundParticipantsTable {
  round_id: string
  member_id: string
  votes_used: Generated<number>
  suggestions_made: Generated<number>
}
