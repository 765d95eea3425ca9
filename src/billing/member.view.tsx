import type { PageContext } from '../web/context.js'
import { FormKeyField } from '../web/form-key.js'
import { CsrfField } from '../web/forms.js'
import { TableScroll } from '../web/table-scroll.js'
import type { CompFormState, Member, Tiers } from './members.view.js'
import { tierOptionLabel } from './tiers.view.js'

/** One member's page for staff: facts, subscriptions, history and comps (member.pages in members.pages.tsx). */
export function MemberFacts(props: { page: PageContext; member: Member; customerUrl: string | undefined }) {
  const { page, member } = props
  const { i18n } = page
  const t = i18n.t
  return (
    <>
      <dl class="facts">
        <dt>{t('admin.members.status')}</dt>
        <dd>
          <span class={`status status-${member.status}`}>{t(`admin.status.${member.status}`)}</span>
        </dd>
        <dt>{t('admin.members.tier')}</dt>
        <dd>{member.tier?.name ?? '—'}</dd>
        <dt>{t('admin.members.periodEnd')}</dt>
        <dd>{member.currentPeriodEnd ? i18n.date(member.currentPeriodEnd) : '—'}</dd>
        {member.graceUntil ? (
          <>
            <dt>{t('admin.members.grace')}</dt>
            <dd>{i18n.dateTime(member.graceUntil)}</dd>
          </>
        ) : null}
        <dt>{t('admin.members.entitlements')}</dt>
        <dd>{member.entitlements.length > 0 ? t('admin.members.canVote') : t('admin.members.cannotVote')}</dd>
      </dl>
      {props.customerUrl ? (
        <p>
          <a href={props.customerUrl} rel="noopener noreferrer">
            {t('admin.members.stripe')}
          </a>
        </p>
      ) : null}
    </>
  )
}

export function MemberSubscriptions(props: { page: PageContext; member: Member }) {
  const { member } = props
  const { i18n } = props.page
  const t = i18n.t
  return (
    <>
      <h2>{t('admin.members.subscriptions')}</h2>
      {member.subscriptions.length === 0 ? (
        <p class="muted">{t('admin.members.noSubscriptions')}</p>
      ) : (
        <TableScroll label={t('admin.members.subscriptions')}>
          <table>
            <caption class="visually-hidden">{t('admin.members.subscriptions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.members.status')}</th>
                <th scope="col">{t('admin.members.price')}</th>
                <th scope="col">{t('admin.members.started')}</th>
                <th scope="col">{t('admin.members.ended')}</th>
              </tr>
            </thead>
            <tbody>
              {member.subscriptions.map((s) => (
                <tr key={s.id}>
                  <td>{t(`admin.status.${s.status}`)}</td>
                  <td>
                    {s.amount !== null && s.currency
                      ? `${i18n.money(s.amount, s.currency)} / ${t(s.interval === 'year' ? 'admin.year' : 'admin.month')}`
                      : '—'}
                  </td>
                  <td>{s.startDate ? i18n.date(s.startDate) : '—'}</td>
                  <td>
                    {s.endedAt
                      ? i18n.date(s.endedAt)
                      : s.cancelAtPeriodEnd
                        ? t('admin.members.cancelling')
                        : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  )
}

export function MemberHistory(props: { page: PageContext; member: Member }) {
  const { member } = props
  const { i18n } = props.page
  const t = i18n.t
  return (
    <>
      <h2>{t('admin.members.history')}</h2>
      {member.history.length === 0 ? (
        <p class="muted">{t('admin.members.noHistory')}</p>
      ) : (
        <ol class="timeline">
          {member.history.map((h) => (
            <li key={`${h.at}-${h.toStatus}`}>
              <time datetime={h.at}>{i18n.dateTime(h.at)}</time>{' '}
              {t('admin.members.transition', {
                from: t(`admin.status.${h.fromStatus}`),
                to: t(`admin.status.${h.toStatus}`),
              })}
              {h.mrrDelta !== 0 && h.currency ? (
                <span class="muted">
                  {' '}
                  ({h.mrrDelta > 0 ? '+' : '−'}
                  {i18n.money(Math.abs(h.mrrDelta), h.currency)} MRR)
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </>
  )
}

export function MemberComps(props: { page: PageContext; member: Member; isAdmin: boolean; now: number }) {
  const { page, member, isAdmin, now } = props
  const { i18n } = page
  const t = i18n.t
  return (
    <>
      <h2>{t('admin.members.comps')}</h2>
      {member.comps.length === 0 ? <p class="muted">{t('admin.members.noComps')}</p> : null}
      <ul class="plain-list">
        {member.comps.map((c) => {
          const running = Date.parse(c.until) > now
          return (
            <li key={c.id} class="comp">
              {t(running ? 'admin.members.compRunning' : 'admin.members.compEnded', {
                from: i18n.date(c.startsAt),
                until: i18n.date(c.until),
              })}
              {running && isAdmin ? (
                <form
                  method="post"
                  action={`/admin/members/${member.id}/comps/${c.id}/end`}
                  class="inline-form"
                >
                  <CsrfField page={page} />
                  <button type="submit" class="secondary">
                    {t('admin.members.endComp')}
                  </button>
                </form>
              ) : null}
            </li>
          )
        })}
      </ul>
    </>
  )
}

export function GrantCompForm(props: {
  page: PageContext
  member: Member
  tiers: Tiers
  form: CompFormState | undefined
}) {
  const { page, member, tiers, form } = props
  const t = page.i18n.t
  return (
    <form method="post" action={`/admin/members/${member.id}/comps`} class="card stack" novalidate>
      <h3>{t('admin.members.grantComp')}</h3>
      <CsrfField page={page} />
      <FormKeyField value={form?.values.key} />
      <div class={form?.errors.until ? 'field has-error' : 'field'}>
        <label for="until">{t('admin.members.compUntil')}</label>
        {form?.errors.until ? (
          <p id="until-error" class="field-error">
            {form.errors.until}
          </p>
        ) : null}
        <input
          id="until"
          name="until"
          type="date"
          required
          value={form?.values.until ?? ''}
          aria-invalid={form?.errors.until ? 'true' : undefined}
          aria-describedby={form?.errors.until ? 'until-error' : undefined}
        />
      </div>
      <div class="field">
        <label for="comp-tier">{t('admin.members.tier')}</label>
        <select id="comp-tier" name="tierId">
          <option value="">—</option>
          {tiers.map((tier) => (
            <option key={tier.id} value={tier.id} selected={form?.values.tierId === tier.id}>
              {tierOptionLabel(page.i18n, tier)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="primary">
        {t('admin.members.grant')}
      </button>
    </form>
  )
}
