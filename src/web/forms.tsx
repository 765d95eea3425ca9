import type { ZodError, z } from 'zod'
import type { PageContext } from './context.js'
import { CSRF_FIELD } from './csrf.js'
import type { I18n } from './i18n/index.js'

export function CsrfField(props: { page: PageContext }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.page.csrf} />
}

/** Field name -> message in the reader's language. */
export type FieldErrors = Record<string, string>

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; errors: FieldErrors; values: Record<string, string> }

/** The form's text fields as sent (for keeping what the reader typed). */
export function formValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== CSRF_FIELD) out[k] = v
  }
  return out
}

/**
 * Parses a posted form with the API's zod schema. Empty fields count as absent (a form sends ''),
 * and each error becomes a sentence in the reader's language next to its field.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown, i18n: I18n): FormResult<z.infer<S>> {
  const values = formValues(body)
  const input = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ''))
  const result = schema.safeParse(input)
  if (result.success) return { ok: true, data: result.data }
  return { ok: false, errors: fieldErrors(result.error, i18n), values }
}

function fieldErrors(error: ZodError, i18n: I18n): FieldErrors {
  const errors: FieldErrors = {}
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '')
    if (errors[field]) continue
    const i = issue as { code: string; input?: unknown; maximum?: unknown; format?: string }
    errors[field] =
      i.code === 'invalid_type' && i.input === undefined
        ? i18n.t('form.required')
        : i.code === 'too_big'
          ? i18n.t('form.tooLong', { max: Number(i.maximum) })
          : i.code === 'too_small'
            ? i18n.t('form.required')
            : i.format === 'email'
              ? i18n.t('form.email')
              : i18n.t('form.invalid')
  }
  return errors
}

/** A labelled text field with its error next to it (and tied to it for screen readers). */
export function TextField(props: {
  name: string
  /** When the page has several forms with this field (default `field-<name>`). */
  id?: string
  label: string
  type?: 'text' | 'email' | 'date'
  value?: string | undefined
  error?: string | undefined
  hint?: string
  required?: boolean
  autocomplete?: string
  maxLength?: number
  multiline?: boolean
  /** The first field with an error takes the focus, also without JavaScript. */
  autofocus?: boolean
}) {
  const id = props.id ?? `field-${props.name}`
  const describedBy = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ')
  const common = {
    id,
    name: props.name,
    required: props.required,
    maxLength: props.maxLength,
    'aria-invalid': props.error ? ('true' as const) : undefined,
    'aria-describedby': describedBy || undefined,
    autoFocus: props.autofocus || undefined,
  }
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p id={`${id}-hint`} class="hint">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={`${id}-error`} class="field-error">
          {props.error}
        </p>
      ) : null}
      {props.multiline ? (
        <textarea {...common} rows={4}>
          {props.value ?? ''}
        </textarea>
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          value={props.value ?? ''}
          autocomplete={props.autocomplete}
          spellcheck={props.type === 'email' ? false : undefined}
        />
      )}
    </div>
  )
}
