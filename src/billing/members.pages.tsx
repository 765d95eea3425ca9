import { z } from 'zod'
import type { Deps } from '../deps.js'
import { notFound } from '../http/problems.js'
import { id } from '../http/schemas.js'
import { MemberSupport } from '../support/member-support.js'
import { ADMINS, AdminFrame, ANALYSTS, canOpen, Notice } from '../web/admin-frame.js'
import type { PageContext } from '../web/context.js'
import { CsrfField, type FieldErrors } from '../web/forms.js'
import { requirePage } from '../web/guard.js'
import type { Pages } from '../web/pages.js'
import { renderPage } from '../web/render.js'
import { fromLocalInput } from '../web/zoned-time.js'
import { memberCustomer } from './members.repository.js'
import { membersQuery } from './members.routes.js'
import { endCompNow, grantComp, listMembers, memberDetail } from './members.service.js'
import { SUBSCRIPTION_STATUSES } from './membership.js'
import { tiersView } from './tiers.service.js'

const statuses = ['none', ...SUBSCRIPTION_STATUSES] as const
const idParam = z.object({ id })
const compParams = z.object({ id, compId: id })
const compForm = z.object({ until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), tierId: id.optional() })

/** The Stripe Dashboard's page of a customer (test mode when the key is a test key). */
function stripeCustomerUrl(deps: Deps, customerId: string): string {
  const test = deps.config.stripe.secretKey?.includes('_test_') ?? true
  return `https://dashboard.stripe.com/${test ? 'test/' : ''}customers/${encodeURIComponent(customerId)}`
}

export function registerMemberPages(pages: Pages, deps: Deps): void {
  const { db } = deps

  pages.get('/admin/members', async ({ req, res, page }) => {
    requirePage(page, ANALYSTS)
    const parsed = membersQuery.safeParse(req.query)
    const query = parsed.success ? parsed.data : { limit: 50 }
    const [list, tiers] = await Promise.all([
      listMembers(db, { ...query, limit: 50 }),
      tiersView(db, 'all', true),
    ])
    const t = page.i18n.t
    const keep = new URLSearchParams(
      Object.entries({ q: query.q, status: query.status, tierId: query.tierId }).flatMap(([k, v]) =>
        v ? [[k, v]] : [],
      ),
    )
    renderPage(
      res,
      page,
      { title: t('admin.members.title'), wide: true, styles: ['admin.css'] },
      <AdminFrame page={page} title={t('admin.members.title')} current="/admin/members">
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
                  {tier.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="primary">
            {t('admin.members.filter')}
          </button>
        </form>
        {list.data.length === 0 ? (
          <p class="muted">{t('admin.members.none')}</p>
        ) : (
          <div class="table-scroll">
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
          </div>
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
      </AdminFrame>,
    )
  })

  const showMember = async (
    page: PageContext,
    res: Parameters<Parameters<Pages['get']>[1]>[0]['res'],
    memberId: string,
    query: unknown,
    form?: { errors: FieldErrors; values: Record<string, string> },
  ) => {
    const session = requirePage(page, ANALYSTS)
    const [member, customer, tiers] = await Promise.all([
      memberDetail(db, memberId),
      memberCustomer(db, memberId),
      tiersView(db, 'all', true),
    ])
    const { i18n } = page
    const t = i18n.t
    const isAdmin = canOpen(session.auth.role, ADMINS)
    const now = Date.now()
    renderPage(
      res,
      page,
      { title: member.email, wide: true, styles: ['admin.css'], status: form ? 400 : 200 },
      <AdminFrame page={page} title={member.email} current="/admin/members">
        <Notice page={page} query={query} />
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
          <dd>
            {member.entitlements.length > 0 ? t('admin.members.canVote') : t('admin.members.cannotVote')}
          </dd>
        </dl>
        {customer?.stripe_customer_id ? (
          <p>
            <a href={stripeCustomerUrl(deps, customer.stripe_customer_id)} rel="noopener noreferrer">
              {t('admin.members.stripe')}
            </a>
          </p>
        ) : null}

        <h2>{t('admin.members.subscriptions')}</h2>
        {member.subscriptions.length === 0 ? (
          <p class="muted">{t('admin.members.noSubscriptions')}</p>
        ) : (
          <div class="table-scroll">
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
          </div>
        )}

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

        <MemberSupport i18n={i18n} support={member} />

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
        {isAdmin ? (
          <form method="post" action={`/admin/members/${member.id}/comps`} class="card stack" novalidate>
            <h3>{t('admin.members.grantComp')}</h3>
            <CsrfField page={page} />
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
                    {tier.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" class="primary">
              {t('admin.members.grant')}
            </button>
          </form>
        ) : null}
      </AdminFrame>,
    )
  }

  pages.get('/admin/members/:id', async ({ req, res, page }) => {
    const params = idParam.safeParse(req.params)
    if (!params.success) throw notFoundPage()
    await showMember(page, res, params.data.id, req.query)
  })

  pages.post('/admin/members/:id/comps', async ({ req, res, page }) => {
    const session = requirePage(page, ADMINS)
    const params = idParam.safeParse(req.params)
    if (!params.success) throw notFoundPage()
    const body = req.body as Record<string, string>
    const parsed = compForm.safeParse({ until: body.until, tierId: body.tierId || undefined })
    // The comp runs to the end of the chosen day in the newsroom's time zone.
    const until = parsed.success
      ? fromLocalInput(`${parsed.data.until}T23:59`, deps.config.site.timeZone)
      : undefined
    if (!parsed.success || !until || until.getTime() <= Date.now()) {
      const error = page.i18n.t('admin.members.compUntilError')
      return showMember(page, res, params.data.id, {}, { errors: { until: error }, values: body })
    }
    await grantComp(db, params.data.id, { until, tierId: parsed.data.tierId }, session.auth.sub)
    res.redirect(303, `/admin/members/${params.data.id}?done=comp-granted`)
  })

  pages.post('/admin/members/:id/comps/:compId/end', async ({ req, res, page }) => {
    requirePage(page, ADMINS)
    const params = compParams.safeParse(req.params)
    if (!params.success) throw notFoundPage()
    await endCompNow(db, params.data.id, params.data.compId)
    res.redirect(303, `/admin/members/${params.data.id}?done=comp-ended`)
  })
}

const notFoundPage = () => notFound()
