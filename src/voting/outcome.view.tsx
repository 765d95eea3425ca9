import type { ComponentChildren } from 'preact'
import type { I18n } from '../web/i18n/index.js'

export interface RankedTopic {
  id: string
  title: string
  status: 'open' | 'planned' | 'covered' | 'declined'
  coverageUrl: string | null
  votes?: number | undefined
}

/** A share of the votes in steps of 5 %: at least one step for any vote, none for none. */
export function shareStep(votes: number, total: number): number {
  if (votes <= 0 || total <= 0) return 0
  return Math.max(5, Math.round((votes / total) * 20) * 5)
}

/**
 * Topics by votes, most first, each with its status and, once covered, the story it led to. Staff pass
 * `editor`: each topic then carries its own form, and an anchor (`#topic-<id>`) a save returns to.
 */
export function RankedTopics<T extends RankedTopic>(props: {
  i18n: I18n
  topics: T[]
  mine?: string[]
  editor?: (topic: T) => ComponentChildren
}) {
  const { i18n, editor } = props
  const ranked = props.topics
    .map((t) => ({ ...t, votes: t.votes ?? 0 }))
    .sort((a, b) => b.votes - a.votes || a.title.localeCompare(b.title))
  const total = ranked.reduce((n, t) => n + t.votes, 0)
  return (
    <ol class="ranking">
      {ranked.map((topic) => (
        <li key={topic.id} class="ranking-item" id={editor ? `topic-${topic.id}` : undefined}>
          <div class="ranking-head">
            <span class="ranking-title">{topic.title}</span>
            <span class="ranking-votes">{i18n.plural('admin.outcome.votes', topic.votes)}</span>
          </div>
          <div class="share" aria-hidden="true">
            <span class={`w-${shareStep(topic.votes, total)}`} />
          </div>
          <p class="ranking-status">
            <span class={`status status-${topic.status}`}>{i18n.t(`admin.topic.${topic.status}`)}</span>
            {props.mine?.includes(topic.id) ? ` · ${i18n.t('round.yourVoteClosed')}` : null}
            {topic.status === 'covered' && topic.coverageUrl ? (
              <>
                {' · '}
                <a href={topic.coverageUrl}>{i18n.t('admin.outcome.readStory')}</a>
              </>
            ) : null}
          </p>
          {editor?.(topic)}
        </li>
      ))}
    </ol>
  )
}
