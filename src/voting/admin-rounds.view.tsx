import type { Translations } from '../db/schema.js'
import type { PageContext } from '../web/context.js'
import { FormKeyField } from '../web/form-key.js'
import { CsrfField, type FieldErrors, TextField } from '../web/forms.js'
import type { I18n } from '../web/i18n/index.js'
import { type TranslatedField, TranslationFields } from '../web/translation-fields.js'
import { toLocalInput } from '../web/zoned-time.js'
import type { roundView } from './views.js'

type RoundView = ReturnType<typeof roundView>

/**
 * A staff round form as posted back: its values, errors by field, and a refusal without a field.
 * `topicId` names the topic form it belongs to (`NEW_TOPIC` for the one adding a topic); none is the
 * round's own form.
 */
export type FormState = {
  errors: FieldErrors
  values: Record<string, string>
  problem?: string
  topicId?: string
}
export const NEW_TOPIC = 'new'

/** The state of this form only: another form's values and errors are not shown in it. */
export const stateFor = (form: FormState | undefined, topicId?: string) =>
  form?.topicId === topicId ? form : undefined

/** The words of a round or topic staff may give in the other language. */
export const translatedFields = (t: I18n['t']): TranslatedField[] => [
  { name: 'title', label: t('admin.rounds.roundTitle'), maxLength: 200 },
  { name: 'description', label: t('admin.rounds.description'), maxLength: 5000, multiline: true },
]

/** When voting opens or closes, in the newsroom's time zone (named in the hint). */
function RoundDateField(props: {
  page: PageContext
  name: 'opensAt' | 'closesAt'
  error: string | undefined
  value: string
}) {
  const { page, name, error } = props
  const zone = page.config.site.timeZone
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={`round-${name}`}>{page.i18n.t(`admin.rounds.${name}`)}</label>
      <p class="hint" id={`round-${name}-hint`}>
        {page.i18n.t('admin.rounds.timeZone', { zone })}
      </p>
      {error ? <p class="field-error">{error}</p> : null}
      <input
        id={`round-${name}`}
        name={name}
        type="datetime-local"
        required
        value={props.value}
        aria-describedby={`round-${name}-hint`}
      />
    </div>
  )
}

/** How many votes each patron has in the round. */
function VotesField(props: { page: PageContext; error: string | undefined; value: string }) {
  const { error } = props
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for="round-votes">{props.page.i18n.t('admin.rounds.votesPerMember')}</label>
      {error ? <p class="field-error">{error}</p> : null}
      <input
        id="round-votes"
        name="votesPerMember"
        type="number"
        min={1}
        max={100}
        required
        value={props.value}
      />
    </div>
  )
}

/** Whether patrons see the tallies while voting or only after the close. */
function ResultsVisibilityField(props: { page: PageContext; value: string }) {
  const t = props.page.i18n.t
  return (
    <div class="field">
      <label for="round-visibility">{t('admin.rounds.results')}</label>
      <select id="round-visibility" name="resultsVisibility">
        {(['live', 'after_close'] as const).map((v) => (
          <option key={v} value={v} selected={props.value === v}>
            {t(`admin.rounds.results.${v}`)}
          </option>
        ))}
      </select>
    </div>
  )
}

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
    translations?: Translations | undefined
  }
  values?: Record<string, string> | undefined
  errors?: FieldErrors | undefined
}) {
  const { page, round, values, errors } = props
  const t = page.i18n.t
  const zone = page.config.site.timeZone
  const local = (iso: string | undefined) => (iso ? toLocalInput(new Date(iso), zone) : '')
  const value = (name: string, fallback: string) => values?.[name] ?? fallback
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
      <TranslationFields
        page={page}
        fields={translatedFields(t)}
        values={values}
        stored={round?.translations}
        errors={errors}
      />
      {(['opensAt', 'closesAt'] as const).map((name) => (
        <RoundDateField
          key={name}
          page={page}
          name={name}
          error={errors?.[name]}
          value={value(name, local(round?.[name]))}
        />
      ))}
      <VotesField
        page={page}
        error={errors?.votesPerMember}
        value={value('votesPerMember', String(round?.votesPerMember ?? 3))}
      />
      <ResultsVisibilityField
        page={page}
        value={value('resultsVisibility', round?.resultsVisibility ?? 'after_close')}
      />
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
