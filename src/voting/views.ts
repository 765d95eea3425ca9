import type { Translations } from '../db/schema.js'
import type { RoundRow } from './rounds.repository.js'
import type { TopicRow } from './topics.repository.js'

/** Rows -> response objects, in one place. */

export function roundView(r: RoundRow) {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    opensAt: r.opens_at.toISOString(),
    closesAt: r.closes_at.toISOString(),
    state: r.state,
    votesPerMember: r.votes_per_member,
    resultsVisibility: r.results_visibility,
    translations: r.translations as Translations | undefined,
  }
}

export function topicView(t: TopicRow) {
  return {
    id: t.id,
    roundId: t.round_id,
    title: t.title,
    description: t.description,
    status: t.status,
    coverageUrl: t.coverage_url,
    translations: t.translations as Translations | undefined,
  }
}

export function roundTopicView(t: TopicRow & { votes: number }, showVotes: boolean) {
  const { roundId: _roundId, ...rest } = topicView(t)
  const view: typeof rest & { votes?: number } = rest
  if (showVotes) view.votes = Number(t.votes)
  return view
}
