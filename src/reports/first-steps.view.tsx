import type { PageContext } from '../web/context.js'

export interface FirstSteps {
  stripe: boolean
  tiers: boolean
  rounds: boolean
}

/**
 * A new newsroom's dashboard has nothing to chart: it says what to do next instead, each step with
 * where it is done, until all three are.
 */
export function FirstStepsPanel(props: { page: PageContext; steps: FirstSteps }) {
  const { t } = props.page.i18n
  const { steps } = props
  if (steps.stripe && steps.tiers && steps.rounds) return null
  const item = (done: boolean, text: string, href?: string, hint?: string) => (
    <li class={done ? 'step done' : 'step'}>
      <span class="visually-hidden">{t(done ? 'admin.start.done' : 'admin.start.todo')}</span>
      {href && !done ? <a href={href}>{text}</a> : text}
      {hint && !done ? <p class="hint">{hint}</p> : null}
    </li>
  )
  return (
    <section class="card stack first-steps" aria-labelledby="first-steps-heading">
      <h2 id="first-steps-heading">{t('admin.start.heading')}</h2>
      <ol class="steps">
        {item(steps.stripe, t('admin.start.stripe'), undefined, t('admin.start.stripeHint'))}
        {item(steps.tiers, t('admin.start.tier'), '/admin/tiers')}
        {item(steps.rounds, t('admin.start.round'), '/admin/rounds')}
      </ol>
    </section>
  )
}
