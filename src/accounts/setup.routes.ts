import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express'
import { z } from 'zod'
import type { Deps } from '../deps.js'
import type { OpenAPIRegistry } from '../http/openapi.js'
import { Problem } from '../http/problems.js'
import { email, problemSchema } from '../http/schemas.js'
import { parse } from '../http/validate.js'
import { createFirstAdmin, hasStaff, setupTokenValid } from './first-admin.js'

const setupBody = z.object({ token: z.string().max(100), email })

/**
 * The first-admin setup link (see first-admin.ts): a plain page with a form, and the POST that both
 * the form (urlencoded) and a script (JSON) may send. Mounted before the app's JSON-only body rule.
 */
export function mountSetup(app: Express, registry: OpenAPIRegistry, deps: Deps): void {
  app.get('/setup', async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : ''
    if (await hasStaff(deps)) return page(res, 409, '<p>A staff account exists already: sign in instead.</p>')
    if (!setupTokenValid(deps.config, token))
      return page(
        res,
        401,
        '<p>This setup link is unknown or expired: restart the service for a new one.</p>',
      )
    page(
      res,
      200,
      `<form method="post" action="/setup">
  <input type="hidden" name="token" value="${escapeHtml(token)}">
  <label>Your email <input type="email" name="email" required autocomplete="email"></label>
  <button>Create the first admin</button>
</form>`,
    )
  })

  app.post(
    '/setup',
    express.urlencoded({ extended: false, limit: '10kb' }),
    express.json({ limit: '10kb' }),
    async (req: Request, res: Response) => {
      const body = parse(setupBody, req.body ?? {}, 'body')
      const admin = await createFirstAdmin(deps, body.token, body.email)
      const answer = { id: admin.id, email: admin.email, role: admin.role }
      if (req.is('application/json')) return res.status(201).json(answer)
      page(
        res,
        201,
        `<p>${escapeHtml(admin.email)} is now an admin. We mailed that address a sign-in link.</p>`,
      )
    },
    setupFormErrors,
  )

  registry.registerPath({
    method: 'post',
    path: '/setup',
    summary:
      'Creates the first admin with the setup link that start-up logs while no staff account exists ' +
      '(also accepts the form of GET /setup); mails that address a sign-in link',
    tags: ['staff'],
    request: { body: { content: { 'application/json': { schema: setupBody } }, required: true } },
    responses: {
      201: {
        description: 'The first admin',
        content: {
          'application/json': {
            schema: z.object({ id: z.string(), email: z.string(), role: z.literal('admin') }),
          },
        },
      },
      400: { description: 'validation', content: { 'application/problem+json': { schema: problemSchema } } },
      401: {
        description: 'unauthenticated: unknown or expired setup token',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
      409: {
        description: 'conflict: a staff account exists already',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    },
  })
}

function page(res: Response, status: number, body: string) {
  res
    .status(status)
    .type('html')
    .send(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Set up Patronage</title>
<body><h1>Set up Patronage</h1>${body}</body></html>`)
}

// The form's refusals are pages too; a script posting JSON gets problem+json from the app's handler.
const setupFormErrors: ErrorRequestHandler = (err, req, res, next) => {
  const status = refusedStatus(err)
  if (req.is('application/json') || res.headersSent || !status) return next(err)
  const detail =
    err instanceof Problem
      ? [err.detail, ...(err.errors ?? []).map((e) => `${e.path}: ${e.message}`)].join(' ')
      : 'The form could not be read.'
  page(res, status, `<p>${escapeHtml(detail)}</p><p><a href="/setup">Back</a></p>`)
}

/** The 4xx status of an error the client caused (a problem or the body parser's), else undefined. */
function refusedStatus(err: unknown): number | undefined {
  const e = err as { status?: number; expose?: boolean }
  if (err instanceof Problem || e?.expose)
    return e.status && e.status >= 400 && e.status < 500 ? e.status : undefined
  return undefined
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
