import type { PageContext } from '../web/context.js'
import { FormKeyField } from '../web/form-key.js'
import { CsrfField, type FieldErrors, TextField } from '../web/forms.js'
import { toLocalInput } from '../web/zoned-time.js'
import type { roundView } from './views.js'

type RoundView = ReturnType<typeof roundView>

const statuses = ['open', 'planned', 'covered', 'declined'] as const

/** A staff round form as posted back: its values, errors by field, and a refusal without a field. */
export type FormState = { errors: FieldErrors; values: Record<string, string>; problem?: string }

/** The fields of a round, new or edited; dates in the newsroom's time zone, which is named. */
export function RoundFields(props: {
  page: PageContext
  round?: {
    title: string
    description: string | null
    opensAt: string
    closesAt: string
    votesPerMember: number
    resultsVisibility: 'live' | 'after_close'
  }
  values?: Record<string, string> | undefined
  errors?: FieldErrors | undefined
}) {
  const { page, round, values, errors } = props
  const t = page.i18n.t
  const zone = page.config.site.timeZone
  const local = (iso: string | undefined) => (iso ? toLocalInput(new Date(iso), zone) : '')
  const value = (name: string, fallback: string) => values?.[name] ?? fallback
  const DateField = (p: { name: 'opensAt' | 'closesAt'; label: string }) => (
    <div class={errors?.[p.name] ? 'field has-error' : 'field'}>
      <label for={`round-${p.name}`}>{p.label}</label>
      <p class="hint" id={`round-${p.name}-hint`}>
        {t('admin.rounds.timeZone', { zone })}
      </p>
      {errors?.[p.name] ? <p class="field-error">{errors[p.name]}</p> : null}
      <input
        id={`round-${p.name}`}
        name={p.name}
        type="datetime-local"
        required
        value={value(p.name, local(round?.[p.name]))}
        aria-describedby={`round-${p.name}-hint`}
      />
    </div>
  )
  return (
    <>
      <TextField
        name="title"
        label={t('admin.rounds.roundTitle')}
        value={value('title', round?.title ?? '')}
        error={errors?.title}
        required
        maxLength={200}
      />
      <TextField
        name="description"
        label={t('admin.rounds.description')}
        value={value('description', round?.description ?? '')}
        error={errors?.description}
        maxLength={5000}
        multiline
      />
      <DateField name="opensAt" label={t('admin.rounds.opensAt')} />
      <DateField name="closesAt" label={t('admin.rounds.closesAt')} />
      <div class={errors?.votesPerMember ? 'field has-error' : 'field'}>
        <label for="round-votes">{t('admin.rounds.votesPerMember')}</label>
        {errors?.votesPerMember ? <p class="field-error">{errors.votesPerMember}</p> : null}
        <input
          id="round-votes"
          name="votesPerMember"
          type="number"
          min={1}
          max={100}
          required
          value={value('votesPerMember', String(round?.votesPerMember ?? 3))}
        />
      </div>
      <div class="field">
        <label for="round-visibility">{t('admin.rounds.results')}</label>
        <select id="round-visibility" name="resultsVisibility">
          {(['live', 'after_close'] as const).map((v) => (
            <option
              key={v}
              value={v}
              selected={value('resultsVisibility', round?.resultsVisibility ?? 'after_close') === v}
            >
              {t(`admin.rounds.results.${v}`)}
            </option>
          ))}
        </select>
      </div>
      {round ? null : (
        <TextField
          name="topics"
          label={t('admin.rounds.firstTopics')}
          hint={t('admin.rounds.firstTopicsHint')}
          value={value('topics', '')}
          error={errors?.topics}
          multiline
          maxLength={20_000}
        />
      )}
    </>
  )
}

/** One topic's editor: title, description, status and the link to the story that covered it. */
export function TopicForm(props: {
  page: PageContext
  topic: {
    id: string
    title: string
    description: string | null
    status: (typeof statuses)[number]
    coverageUrl: string | null
  }
}) {
  const { page, topic } = props
  const t = page.i18n.t
  const prefix = `topic-${topic.id}`
  return (
    <form method="post" action={`/admin/topics/${topic.id}`} class="stack" id={prefix}>
      <CsrfField page={page} />
      <div class="field">
        <label for={`${prefix}-title`}>{t('admin.topic.title')}</label>
        <input id={`${prefix}-title`} name="title" type="text" required maxLength={200} value={topic.title} />
      </div>
      <div class="field">
        <label for={`${prefix}-description`}>{t('admin.topic.description')}</label>
        <textarea id={`${prefix}-description`} name="description" rows={2} maxLength={5000}>
          {topic.description ?? ''}
        </textarea>
      </div>
      <div class="field-row">
        <div class="field">
          <label for={`${prefix}-status`}>{t('admin.topic.status')}</label>
          <select id={`${prefix}-status`} name="status">
            {statuses.map((s) => (
              <option key={s} value={s} selected={s === topic.status}>
                {t(`admin.topic.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field grow">
          <label for={`${prefix}-coverage`}>{t('admin.topic.coverageUrl')}</label>
          <p class="hint" id={`${prefix}-coverage-hint`}>
            {t('admin.topic.coverageMails')}
          </p>
          <input
            id={`${prefix}-coverage`}
            name="coverageUrl"
            type="url"
            maxLength={2000}
            value={topic.coverageUrl ?? ''}
            aria-describedby={`${prefix}-coverage-hint`}
          />
        </div>
      </div>
      <button type="submit" class="primary">
        {t('admin.topic.save')}
      </button>
    </form>
  )
}

/** The staff list of rounds and the form for a new one. */
export function RoundsList(props: { page: PageContext; rounds: RoundView[]; form: FormState | undefined }) {
  const { page, rounds, form } = props
  const { i18n } = page
  const t = i18n.t
  return (
    <>
      {rounds.length === 0 ? <p class="muted">{t('admin.rounds.none')}</p> : null}
      <ul class="plain-list rounds-list">
        {rounds.map((r) => (
          <li key={r.id}>
            <a href={`/admin/rounds/${r.id}`}>{r.title}</a>{' '}
            <span class={`status status-${r.state}`}>{t(`admin.round.${r.state}`)}</span>
            <br />
            <span class="muted">
              {i18n.dateTime(r.opensAt)} – {i18n.dateTime(r.closesAt)}
            </span>
          </li>
        ))}
      </ul>
      <form method="post" action="/admin/rounds" class="card stack" novalidate>
        <h2>{t('admin.rounds.new')}</h2>
        <CsrfField page={page} />
        <FormKeyField value={form?.values.key} />
        {form?.problem ? <p class="banner error">{form.problem}</p> : null}
        <RoundFields page={page} values={form?.values} errors={form?.errors} />
        <button type="submit" class="primary">
          {t('admin.rounds.create')}
        </button>
      </form>
    </>
  )
}
