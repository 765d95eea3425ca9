import { z } from 'zod'
import type { OpenAPIRegistry } from '../http/openapi.js'
import { email, problemSchema } from '../http/schemas.js'

export const setupBody = z.object({
  token: z.string().max(100),
  email,
  newsroomName: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: "The newsroom's name (kept in its settings)" }),
})

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
})

/** POST /setup in the OpenAPI document; the route itself is a page (setup.pages.tsx). */
export function documentSetup(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: 'post',
    path: '/setup',
    summary:
      'Creates the first admin with the setup link that start-up logs while no staff account exists ' +
      '(also accepts the form of GET /setup); mails that address a sign-in link',
    tags: ['staff'],
    'x-problem-codes': ['setup-link-invalid', 'setup-done'],
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
      400: problem('validation'),
      401: problem('unauthenticated: unknown or expired setup token'),
      409: problem('conflict: a staff account exists already'),
    },
  })
}
