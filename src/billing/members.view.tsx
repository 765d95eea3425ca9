import type { Deps } from '../deps.js'
import type { PageContext } from '../web/context.js'
import type { FieldErrors } from '../web/forms.js'
import { TableScroll } from '../web/table-scroll.js'
import type { listMembers, memberDetail } from './members.service.js'
import { SUBSCRIPTION_STATUSES } from './membership.js'
import type { tiersView } from './tiers.service.js'
import { tierOptionLabel } from './tiers.view.js'

/** What the staff member pages render; members.pages.tsx handles the requests. */
const statuses = ['none', ...SUBSCRIPTION_STATUSES] as const
export type Tiers = Awaited<ReturnType<typeof tiersView>>
export type Member = Awaited<ReturnType<typeof memberDetail>>
export type MembersQuery = {
  q?: string | undefined
  status?: string | undefined
  tierId?: string | undefined
}
export type CompFormState = { errors: FieldErrors; values: Record<string, string> }

/** The Stripe Dashboard's page of a customer (test mode when the key is a test key). */
export function stripeCustomerUrl(deps: Pick<Deps, 'config'>, customerId: string): string {
  const test = deps.config.stripe.secretKey?.includes('_test_') ?? true
  return `https://dashboard.stripe.com/${test ? 'test/' : ''}customers/${encodeURIComponent(customerId)}`
}

export function MembersFilters(props: { page: PageContext; query: MembersQuery; tiers: Tiers }) {
  const { page, query, tiers } = props
  const t = page.i18n.t
  return (
    <form method="get" action="/admin/members" class="filters">
      <div class="field">
        <label for="q">{t('admin.members.search')}</label>
        <input id="q" name="q" type="search" value={query.q ?? ''} maxLength={254} />
      </div>
      <div class="field">
        <label for="status">{t('admin.members.status')}</label>
        <select id="status" name="status">
          <option value="">{t('admin.members.any')}</option>
          {statuses.map((s) => (
            <option key={s} value={s} selected={s === query.status}>
              {t(`admin.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="tierId">{t('admin.members.tier')}</label>
        <select id="tierId" name="tierId">
          <option value="">{t('admin.members.any')}</option>
          {tiers.map((tier) => (
            <option key={tier.id} value={tier.id} selected={tier.id === query.tierId}>
              {tierOptionLabel(page.i18n, tier)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="primary">
        {t('admin.members.filter')}
      </button>
    </form>
  )
}

export function MembersTable(props: {
  page: PageContext
  list: Awaited<ReturnType<typeof listMembers>>
  keep: URLSearchParams
}) {
  const { page, list, keep } = props
  const t = page.i18n.t
  return (
    <>
      {list.data.length === 0 ? (
        <p class="muted">{t('admin.members.none')}</p>
      ) : (
        <TableScroll label={t('admin.members.title')}>
          <table>
            <caption class="visually-hidden">{t('admin.members.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.members.email')}</th>
                <th scope="col">{t('admin.members.status')}</th>
                <th scope="col">{t('admin.members.tier')}</th>
                <th scope="col">{t('admin.members.since')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((m) => (
                <tr key={m.id}>
                  <th scope="row">
                    <a href={`/admin/members/${m.id}`}>{m.email}</a>
                  </th>
                  <td>
                    <span class={`status status-${m.status}`}>{t(`admin.status.${m.status}`)}</span>
                  </td>
                  <td>{m.tier?.name ?? '—'}</td>
                  <td>{page.i18n.date(m.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <p class="button-row">
        {list.nextCursor ? (
          <a
            class="button secondary"
            href={`/admin/members?${new URLSearchParams([...keep, ['cursor', list.nextCursor]])}`}
          >
            {t('admin.members.next')}
          </a>
        ) : null}
        <a class="button secondary" href="/admin/exports/members.csv" download>
          {t('admin.dash.exportMembers')}
        </a>
      </p>
    </>
  )
}
