import type { Response } from 'express'
import type { ComponentChildren } from 'preact'
import type { StaffRole } from '../db/schema.js'
import { may } from '../http/roles.js'
import type { PageContext } from './context.js'
import { isPlainKey, type PlainKey } from './i18n/index.js'
import { type PageOptions, renderPage } from './render.js'

interface Section {
  path: string
  label: PlainKey
  roles: readonly StaffRole[]
}

/** The staff sections and who may open each (admin may open all). */
export const staffSections: readonly Section[] = [
  { path: '/admin', label: 'admin.nav.dashboard', roles: ['editor', 'analyst'] },
  { path: '/admin/members', label: 'admin.nav.members', roles: ['analyst'] },
  { path: '/admin/tiers', label: 'admin.nav.tiers', roles: ['editor'] },
  { path: '/admin/rounds', label: 'admin.nav.rounds', roles: ['editor'] },
  { path: '/admin/suggestions', label: 'admin.nav.suggestions', roles: ['editor'] },
  { path: '/admin/staff', label: 'admin.nav.staff', roles: ['admin'] },
  { path: '/admin/support', label: 'admin.nav.support', roles: ['admin'] },
  { path: '/admin/settings', label: 'admin.nav.settings', roles: ['admin'] },
]

export { ADMINS, ANALYSTS, EDITORS, STAFF } from '../http/roles.js'

/** A staff page: its heading, the sections this role may open, then the page. */
function AdminFrame(props: {
  page: PageContext
  title: string
  current: string
  children: ComponentChildren
}) {
  const { page } = props
  const role = page.session?.auth.role ?? 'patron'
  return (
    <div class="admin">
      <nav class="admin-nav" aria-label={page.i18n.t('admin.nav.label')}>
        <ul>
          {staffSections
            .filter((s) => may(role, s.roles))
            .map((s) => (
              <li key={s.path}>
                <a href={s.path} aria-current={s.path === props.current ? 'page' : undefined}>
                  {page.i18n.t(s.label)}
                </a>
              </li>
            ))}
        </ul>
      </nav>
      <h1>{props.title}</h1>
      {props.children}
    </div>
  )
}

/** A notice carried over a redirect (`?done=saved`), shown once at the top of the page. */
export function Notice(props: { page: PageContext; query: unknown }) {
  const done = (props.query as { done?: unknown }).done
  if (typeof done !== 'string' || !/^[a-z-]{1,30}$/.test(done)) return null
  const key = `admin.done.${done}`
  if (!isPlainKey(key)) return null
  return (
    <p class="banner" role="status">
      {props.page.i18n.t(key)}
    </p>
  )
}

/**
 * Renders a staff page: wide, with admin.css, in the staff frame under its title. `status` is 400 when
 * a form is shown again with its errors.
 */
export function renderAdminPage(
  res: Response,
  page: PageContext,
  options: Omit<PageOptions, 'wide'> & { current: string },
  children: ComponentChildren,
): void {
  const { current, styles = [], ...rest } = options
  renderPage(
    res,
    page,
    { ...rest, wide: true, styles: ['admin.css', ...styles] },
    <AdminFrame page={page} title={options.title} current={current}>
      {children}
    </AdminFrame>,
  )
}
