import type { Deps } from '../deps.js'
import type { apiRouter } from '../http/router.js'
import { id, idParams, page, pageQuery, problemSchema } from '../http/schemas.js'
import { SUGGESTIONS_PER_MEMBER_PER_ROUND } from './rules.js'
import { newSuggestionBody, suggestion, suggestionCreated, suggestionStatus, topic } from './schemas.js'
import { approveSuggestion, listSuggestions, rejectSuggestion, suggest } from './suggestions.service.js'

type Route = ReturnType<typeof apiRouter>['route']

const problem = (description: string) => ({
  description,
  schema: problemSchema,
  contentType: 'application/problem+json',
})

export function registerSuggestionRoutes(route: Route, { db }: Deps): void {
  route({
    method: 'post',
    path: '/v1/rounds/:id/suggestions',
    refusals: ['round-not-found', 'suggest-needs-membership', 'suggestions-closed', 'suggestion-limit'],
    summary: `Suggest a topic for an open or upcoming round (entitled patrons; at most ${SUGGESTIONS_PER_MEMBER_PER_ROUND} per member and round, rejected ones included)`,
    tag: 'voting',
    roles: ['patron'],
    params: idParams,
    body: newSuggestionBody,
    responses: {
      201: { description: 'Suggested; pending review', schema: suggestionCreated },
      403: problem('`forbidden` or `not-entitled`'),
      404: problem('No such round'),
      409: problem('`round-closed`, or `conflict` when the per-round limit is reached'),
    },
    handler: async ({ params, body, auth, res }) =>
      res.status(201).json(await suggest(db, { roundId: params.id, memberId: auth.sub, ...body })),
  })

  route({
    method: 'get',
    path: '/v1/admin/suggestions',
    summary: 'Suggestions, oldest first, optionally by status and round',
    tag: 'voting',
    roles: ['editor'],
    query: pageQuery.extend({ status: suggestionStatus.optional(), roundId: id.optional() }),
    responses: { 200: { description: 'A page of suggestions', schema: page(suggestion) } },
    handler: async ({ query, res }) => res.json(await listSuggestions(db, query)),
  })

  route({
    method: 'post',
    path: '/v1/admin/suggestions/:id/approve',
    refusals: ['suggestion-not-found', 'suggestion-decided', 'topics-closed'],
    summary: 'Approve a pending suggestion: it becomes a topic of its round',
    tag: 'voting',
    roles: ['editor'],
    params: idParams,
    responses: {
      201: { description: 'The new topic', schema: topic },
      404: problem('No such suggestion'),
      409: problem('`conflict`: already approved or rejected; `round-closed`: its round is closed'),
    },
    handler: async ({ params, auth, res }) =>
      res.status(201).json(await approveSuggestion(db, params.id, auth.sub)),
  })

  route({
    method: 'post',
    path: '/v1/admin/suggestions/:id/reject',
    refusals: ['suggestion-not-found', 'suggestion-decided'],
    summary: 'Reject a pending suggestion',
    tag: 'voting',
    roles: ['editor'],
    params: idParams,
    responses: {
      200: { description: 'The suggestion, status rejected', schema: suggestion },
      404: problem('No such suggestion'),
      409: problem('`conflict`: already approved or rejected'),
    },
    handler: async ({ params, auth, res }) => res.json(await rejectSuggestion(db, params.id, auth.sub)),
  })
}
