import type { PageContext } from '../web/context.js'
import { FormKeyField } from '../web/form-key.js'
import { CsrfField, type FieldErrors, TextField } from '../web/forms.js'
import { RankedTopics } from './outcome.view.js'
import type { memberRoundPage } from './round-page.js'
import { canSuggest, canVote } from './rules.js'

/** quiet: for screen readers only; suggested: shown beside the suggest form. */
export interface Notice {
  kind: 'quiet' | 'suggested' | 'error'
  text: string
}

export type RoundPage = Awaited<ReturnType<typeof memberRoundPage>> & { entitled: boolean }
type Topic = RoundPage['round']['topics'][number]

function VotesLeft(props: { page: PageContext; left: number; total: number }) {
  const { left, total } = props
  return (
    <div class="votes-left" id="votes-left">
      <p>
        <strong>{props.page.i18n.plural('plural.votesLeft', left, { total })}</strong>
      </p>
      {left === 0 ? <p id="no-votes-left">{props.page.i18n.t('round.noVotesLeft')}</p> : null}
      {/* One segment per vote: no inline style, which the CSP forbids. */}
      <div class="meter" aria-hidden="true">
        {Array.from({ length: total }, (_, i) => (
          <span key={i} class={i < left ? 'left' : 'used'} />
        ))}
      </div>
    </div>
  )
}

function TopicCard(props: { page: PageContext; view: RoundPage; topic: Topic }) {
  const { page, view, topic } = props
  const { t, plural } = page.i18n
  const round = view.round
  const mine = round.myVotes.includes(topic.id)
  const votable = canVote(round.state, view.entitled, topic.status)
  // With the budget spent, the other topics' buttons say why they do nothing rather than lead to an error.
  const spent = votable && !mine && round.votesRemaining === 0
  const titleId = `topic-${topic.id}-title`
  return (
    <li class={mine ? 'card topic voted' : 'card topic'} id={`topic-${topic.id}`}>
      <div class="topic-head">
        <h3 id={titleId}>{topic.title}</h3>
        {topic.votes !== undefined ? <span class="count">{plural('plural.votes', topic.votes)}</span> : null}
        {topic.status !== 'open' ? (
          <span class={`badge badge-${topic.status}`}>{t(`round.status.${topic.status}`)}</span>
        ) : null}
      </div>
      {topic.description ? <p class="topic-description">{topic.description}</p> : null}
      {topic.coverageUrl ? (
        <p>
          <a href={topic.coverageUrl}>{t('round.readStory')}</a>
        </p>
      ) : null}
      <div class="topic-actions">
        {votable ? (
          <form
            method="post"
            action={mine ? `/rounds/${round.id}/votes/${topic.id}/withdraw` : `/rounds/${round.id}/votes`}
            data-enhance="vote"
          >
            <CsrfField page={page} />
            {mine ? null : <input type="hidden" name="topicId" value={topic.id} />}
            <button
              type="submit"
              class="vote-button"
              aria-pressed={mine ? 'true' : 'false'}
              aria-describedby={spent ? `${titleId} no-votes-left` : titleId}
              disabled={spent}
            >
              <span class="check" aria-hidden="true">
                ✓
              </span>
              {mine ? t('round.voted') : t('round.vote')}
            </button>
          </form>
        ) : null}
        <p class="topic-status" id={`topic-${topic.id}-status`}>
          {mine && !votable ? <span>{t('round.yourVoteClosed')}</span> : null}
        </p>
      </div>
    </li>
  )
}

function SuggestForm(props: {
  page: PageContext
  roundId: string
  values?: Record<string, string>
  errors?: FieldErrors | undefined
}) {
  const t = props.page.i18n.t
  return (
    <form method="post" action={`/rounds/${props.roundId}/suggestions`} data-enhance="form" noValidate>
      <CsrfField page={props.page} />
      <FormKeyField value={props.values?.key} />
      <TextField
        name="title"
        label={t('round.suggest.title')}
        value={props.values?.title}
        error={props.errors?.title}
        required
        maxLength={200}
        autofocus={Boolean(props.errors?.title)}
      />
      <TextField
        name="description"
        label={t('round.suggest.description')}
        value={props.values?.description}
        error={props.errors?.description}
        multiline
        maxLength={5000}
        autofocus={!props.errors?.title && Boolean(props.errors?.description)}
      />
      <button type="submit" class="primary">
        {t('round.suggest.submit')}
      </button>
    </form>
  )
}

export function RoundBody(props: {
  page: PageContext
  view: RoundPage
  notice?: Notice | undefined
  suggestion?: { values: Record<string, string>; errors: FieldErrors | undefined }
}) {
  const { page, view } = props
  const { t, dateTime } = page.i18n
  const round = view.round
  const notice = props.notice
  return (
    <article class="stack round">
      <RoundIntro page={page} view={view} />
      {/* A cast or withdrawn vote is told to screen readers only: the pressed button shows it, and a
          visible message would push the topics down. */}
      <div
        id="notice"
        role="status"
        class={notice && notice.kind !== 'quiet' ? `notice ${notice.kind}` : 'visually-hidden'}
      >
        {notice && notice.kind !== 'suggested' ? notice.text : null}
      </div>
      {round.state === 'open' && view.entitled ? (
        <VotesLeft page={page} left={round.votesRemaining} total={round.votesPerMember} />
      ) : null}
      {round.state !== 'closed' && round.resultsVisibility === 'after_close' ? (
        <p class="muted">{t('round.resultsAfterClose', { date: dateTime(round.closesAt) })}</p>
      ) : null}
      <section class="stack" aria-labelledby="topics-heading">
        <h2 id="topics-heading">
          {t(round.state === 'closed' ? 'round.resultsHeading' : 'round.topicsHeading')}
        </h2>
        {round.topics.length === 0 ? <p>{t('round.noTopics')}</p> : null}
        {round.state === 'closed' ? (
          <RankedTopics i18n={page.i18n} topics={round.topics} mine={round.myVotes} />
        ) : (
          <ul class="cards topics">
            {round.topics.map((topic) => (
              <TopicCard key={topic.id} page={page} view={view} topic={topic} />
            ))}
          </ul>
        )}
      </section>
      {canSuggest(round.state, view.entitled) ? (
        <section class="stack section" id="suggest" aria-labelledby="suggest-heading">
          <h2 id="suggest-heading">{t('round.suggest.heading')}</h2>
          {notice?.kind === 'suggested' ? <p class="notice ok">{notice.text}</p> : null}
          <SuggestForm
            page={page}
            roundId={round.id}
            {...(props.suggestion
              ? { values: props.suggestion.values, errors: props.suggestion.errors }
              : {})}
          />
        </section>
      ) : null}
      {view.suggestions.length > 0 ? <MySuggestions page={page} suggestions={view.suggestions} /> : null}
    </article>
  )
}

/** The round's title and dates, and the banner that says what a reader can do in it now. */
function RoundIntro({ page, view }: { page: PageContext; view: RoundPage }) {
  const { t, dateTime } = page.i18n
  const round = view.round
  return (
    <>
      <header class="stack">
        <h1>{round.title}</h1>
        {round.description ? <p>{round.description}</p> : null}
        {round.state !== 'closed' ? (
          <p class="muted">
            {round.state === 'upcoming'
              ? t('round.opens', { date: dateTime(round.opensAt) })
              : t('round.closes', { date: dateTime(round.closesAt) })}
          </p>
        ) : null}
      </header>
      {round.state === 'closed' ? (
        <div class="banner">
          <p>
            {t(round.myVotes.length > 0 ? 'round.closedVoted' : 'round.closedBanner', {
              date: dateTime(round.closesAt),
            })}
          </p>
          <p>
            <a href={`/rounds/${round.id}/outcome`}>{t('round.outcomeLink')}</a>
          </p>
        </div>
      ) : null}
      {round.state === 'upcoming' ? (
        <p class="banner">{t('round.upcomingBanner', { date: dateTime(round.opensAt) })}</p>
      ) : null}
      {!view.entitled && round.state !== 'closed' ? (
        <div class="banner warn">
          <p>{t('round.notEntitled')}</p>
          <p>
            <a class="button" href="/">
              {t('account.becomePatron')}
            </a>
          </p>
        </div>
      ) : null}
    </>
  )
}

/** The reader's own suggestions for this round, with what became of each. */
function MySuggestions({ page, suggestions }: { page: PageContext; suggestions: RoundPage['suggestions'] }) {
  const { t } = page.i18n
  return (
    <section class="stack" aria-labelledby="mine-heading">
      <h2 id="mine-heading">{t('round.mine.heading')}</h2>
      <ul class="cards">
        {suggestions.map((s) => (
          <li key={s.id} class="card suggestion">
            <span>{s.title}</span>
            <span class={`badge badge-${s.status}`}>{t(`round.mine.${s.status}`)}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
