import type { Response } from 'express'
import type { ComponentChildren, VNode } from 'preact'
import { renderToString } from 'preact-render-to-string'
import type { PageContext } from './context.js'
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

/** Renders a page in the layout; pages are never cached, they carry a session and a form token. */
export function renderPage(
  res: Response,
  page: PageContext,
  options: PageOptions,
  children: ComponentChildren,
): void {
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
