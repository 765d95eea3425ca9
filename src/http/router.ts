import type { RouteConfig } from '@asteasolutions/zod-to-openapi'
import express, { type Request, type RequestHandler, type Response } from 'express'
import type { z } from 'zod'
import { type AuthContext, authorize, type Role, type StaffRoleLookup, type TokenVerifier } from './auth.js'
import type { OpenAPIRegistry } from './openapi.js'
import type { ProblemCode } from './problem-codes.js'
import type { RouteTable } from './route-table.js'
import { problemSchema } from './schemas.js'
import { parse } from './validate.js'

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'
type Schema = z.ZodType

export interface ResponseSpec {
  description: string
  schema?: Schema
  /** Defaults to application/json. */
  contentType?: string
}

export interface RouteSpec<
  B extends Schema | undefined,
  Q extends Schema | undefined,
  P extends Schema | undefined,
  A extends readonly Role[] | undefined,
> {
  method: Method
  /** Express path syntax: /v1/rounds/:id */
  path: string
  summary: string
  tag: string
  /** Roles allowed; absent = public. `admin` may do every staff role's work. */
  roles?: A
  body?: B
  query?: Q
  params?: P
  responses: Record<number, ResponseSpec>
  /** The specific refusal codes this route may answer (beyond the generic ones every route has). */
  refusals?: readonly ProblemCode[]
  handler: (ctx: {
    body: B extends Schema ? z.infer<B> : undefined
    query: Q extends Schema ? z.infer<Q> : undefined
    params: P extends Schema ? z.infer<P> : undefined
    auth: A extends readonly Role[] ? AuthContext : undefined
    req: Request
    res: Response
  }) => unknown
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemSchema } },
})

/**
 * One way to declare a route: its zod schemas validate the request and document it in the
 * OpenAPI registry, so the document cannot drift from the code.
 */
export function apiRouter(deps: {
  registry: OpenAPIRegistry
  tokens: TokenVerifier
  staffRoleOf: StaffRoleLookup
  /** Where each route is also served directly, after `before` (the JSON body parser). */
  table: RouteTable
  before: RequestHandler[]
}) {
  const router = express.Router()

  function route<
    B extends Schema | undefined = undefined,
    Q extends Schema | undefined = undefined,
    P extends Schema | undefined = undefined,
    A extends readonly Role[] | undefined = undefined,
  >(spec: RouteSpec<B, Q, P, A>): void {
    deps.registry.registerPath(openApiPath(spec))
    const handler = async (req: Request, res: Response) => {
      const auth = spec.roles ? await authorize(req, deps.tokens, spec.roles, deps.staffRoleOf) : undefined
      const ctx = {
        params: spec.params ? parse(spec.params, req.params, 'params') : undefined,
        query: spec.query ? parse(spec.query, req.query, 'query') : undefined,
        body: spec.body ? parse(spec.body, req.body, 'body') : undefined,
        auth,
        req,
        res,
      }
      await spec.handler(ctx as Parameters<typeof spec.handler>[0])
    }
    router[spec.method](spec.path, handler)
    deps.table.add(spec.method, spec.path, deps.before, handler)
  }

  return { router, route }
}

function openApiPath(
  spec: Omit<
    RouteSpec<Schema | undefined, Schema | undefined, Schema | undefined, readonly Role[] | undefined>,
    'handler'
  >,
): RouteConfig {
  const responses: RouteConfig['responses'] = {}
  for (const [status, r] of Object.entries(spec.responses)) {
    responses[status] = r.schema
      ? {
          description: r.description,
          content: { [r.contentType ?? 'application/json']: { schema: r.schema } },
        }
      : { description: r.description }
  }
  if (spec.body || spec.query || spec.params) responses['400'] ??= problemResponse('Invalid request')
  if (spec.roles) {
    responses['401'] ??= problemResponse(
      'Missing, invalid or expired access token, or a removed staff account',
    )
    responses['403'] ??= problemResponse('The role may not do this (a staff account’s current role)')
  }
  responses.default ??= problemResponse('An error, as application/problem+json')
  return {
    method: spec.method,
    path: spec.path.replace(/:(\w+)/g, '{$1}'),
    summary: spec.summary,
    tags: [spec.tag],
    ...(spec.roles ? { security: [{ bearer: [] }], description: `Roles: ${spec.roles.join(', ')}` } : {}),
    ...(spec.refusals?.length ? { 'x-problem-codes': [...spec.refusals] } : {}),
    request: {
      ...(spec.params ? { params: spec.params as z.ZodObject } : {}),
      ...(spec.query ? { query: spec.query as z.ZodObject } : {}),
      ...(spec.body
        ? { body: { content: { 'application/json': { schema: spec.body } }, required: true } }
        : {}),
    },
    responses,
  }
}
