import type { Deps } from '../deps.js'
import type { apiRouter } from '../http/router.js'
import { idParams, page, pageQuery, problemSchema } from '../http/schemas.js'
import {
  addTopic,
  createRound,
  listRounds,
  staffRoundPage,
  updateRound,
  updateTopic,
} from './rounds.service.js'
import {
  newRound,
  newRoundBody,
  newTopicBody,
  round,
  roundPatchBody,
  staffRoundPage as staffPage,
  topic,
  topicPatchBody,
} from './schemas.js'

type Route = ReturnType<typeof apiRouter>['route']

const problem = (description: string) => ({
  description,
  schema: problemSchema,
  contentType: 'application/problem+json',
})

/** Editor routes for rounds and topics (admin may do them too). */
export function registerAdminRoundRoutes(route: Route, deps: Deps): void {
  registerRoundRoutes(route, deps)
  registerTopicRoutes(route, deps)
}

function registerRoundRoutes(route: Route, { db }: Deps): void {
  route({
    method: 'post',
    path: '/v1/admin/rounds',
    summary:
      'Create a round with its first topics (opensAt may be in the past; closesAt after opensAt; votesPerMember 1–100)',
    tag: 'voting',
    roles: ['editor'],
    body: newRoundBody,
    responses: { 201: { description: 'The round with its topics', schema: newRound } },
    handler: async ({ body, res }) => res.status(201).json(await createRound(db, body)),
  })

  route({
    method: 'get',
    path: '/v1/admin/rounds',
    summary: 'Every round, newest first',
    tag: 'voting',
    roles: ['editor'],
    query: pageQuery,
    responses: { 200: { description: 'A page of rounds', schema: page(round) } },
    handler: async ({ query, res }) => res.json(await listRounds(db, query)),
  })

  route({
    method: 'get',
    path: '/v1/admin/rounds/:id',
    refusals: ['round-not-found'],
    summary: 'A round with every topic and its tally (staff always see tallies)',
    tag: 'voting',
    roles: ['editor'],
    params: idParams,
    responses: { 200: { description: 'The round', schema: staffPage }, 404: problem('No such round') },
    handler: async ({ params, res }) => res.json(await staffRoundPage(db, params.id)),
  })

  route({
    method: 'patch',
    path: '/v1/admin/rounds/:id',
    refusals: [
      'round-not-found',
      'round-dates-final',
      'closes-before-opens',
      'round-has-votes',
      'votes-per-member-below-used',
    ],
    summary:
      'Change a round; moving closesAt into the past closes it at once and exactly (no vote commits ' +
      'after the answer). A closed round keeps its dates; a round with votes keeps opensAt in the past ' +
      'and votesPerMember at least the most votes one member has cast',
    tag: 'voting',
    roles: ['editor'],
    params: idParams,
    body: roundPatchBody,
    responses: {
      200: { description: 'The round', schema: round },
      404: problem('No such round'),
      409: problem(
        "`round-closed`: a closed round's dates cannot change; `conflict`: opensAt into the future " +
          'with votes, or votesPerMember below the votes a member has cast',
      ),
    },
    handler: async ({ params, body, res }) => res.json(await updateRound(db, params.id, body)),
  })
}

/** Topics of a round, added and edited by editors. */
function registerTopicRoutes(route: Route, { db }: Deps): void {
  route({
    method: 'post',
    path: '/v1/admin/rounds/:id/topics',
    refusals: ['round-not-found', 'topics-closed'],
    summary: 'Add a topic to a round (not to a closed one)',
    tag: 'voting',
    roles: ['editor'],
    params: idParams,
    body: newTopicBody,
    responses: {
      201: { description: 'The topic', schema: topic },
      404: problem('No such round'),
      409: problem('`round-closed`: the round is closed'),
    },
    handler: async ({ params, body, res }) => res.status(201).json(await addTopic(db, params.id, body)),
  })

  route({
    method: 'patch',
    path: '/v1/admin/topics/:id',
    refusals: ['topic-not-found', 'coverage-url-not-covered'],
    summary:
      'Change a topic; coverageUrl (the published story) only for status covered, and a topic moved ' +
      'away from covered loses it',
    tag: 'voting',
    roles: ['editor'],
    params: idParams,
    body: topicPatchBody,
    responses: { 200: { description: 'The topic', schema: topic }, 404: problem('No such topic') },
    handler: async ({ params, body, res }) => res.json(await updateTopic(db, params.id, body)),
  })
}
