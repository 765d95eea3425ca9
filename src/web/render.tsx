import type { Response } from 'express'
import type { ComponentChildren, VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'
import { notAcceptable } from '../http/problems.js'
import type { PageContext } from './context.js'
import { jsonClient } from './json-client.js'
import { Layout } from './layout.js'

export interface PageOptions {
  title: string
  status?: number
  /** Asset file names of scripts this page loads (deferred), e.g. ['enhance.js']. */
  scripts?: string[]
  /** Extra stylesheets by asset file name, e.g. ['admin.css'] (site.css is always loaded). */
  styles?: string[]
  /** A wide main column, for staff tables and charts. */
  wide?: boolean
}

/**
 * Renders a page in the layout; pages are never cached, they carry a session and a form token. A JSON
 * client asking for a page is refused here, once the page's own checks have answered it (a stale link
 * is its 401); form posts refuse it before they change anything (web/pages.ts).
 */
export function renderPage(
  res: Response,
  page: PageContext,
  options: PageOptions,
  children: ComponentChildren,
): void {
  if ((res.req.method === 'GET' || res.req.method === 'HEAD') && jsonClient(res.req)) throw notAcceptable()
  const html = renderDocument(
    <Layout
      page={page}
      title={options.title}
      scripts={options.scripts ?? []}
      styles={options.styles ?? []}
      wide={options.wide ?? false}
    >
      {children}
    </Layout>,
  )
  res
    .status(options.status ?? 200)
    .set('Cache-Control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html)
}

export function renderDocument(vnode: VNode): string {
  return `<!doctype html>${renderToString(vnode)}`
}
