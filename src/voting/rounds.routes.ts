import { z } from 'zod'
import type { Deps } from '../deps.js'
import type { apiRouter } from '../http/router.js'
import { id, idParams, page, pageQuery, problemSchema } from '../http/schemas.js'
import { listRounds, patronRoundPage } from './rounds.service.js'
import { round, patronRoundPage as roundPageSchema, voteBody, voteResult } from './schemas.js'
import { castVote, withdrawVote } from './votes.service.js'

type Route = ReturnType<typeof apiRouter>['route']

const problem = (description: string) => ({
  description,
  schema: problemSchema,
  contentType: 'application/problem+json',
})

/** Patron routes: reading rounds (any member), voting (entitled members, checked in the database). */
export function registerPatronRoundRoutes(route: Route, deps: Deps): void {
  registerRoundReadRoutes(route, deps)
  registerVoteRoutes(route, deps)
}

function registerRoundReadRoutes(route: Route, { db }: Deps): void {
  route({
    method: 'get',
    path: '/v1/rounds',
    refusals: ['invalid-cursor'],
    summary: 'Voting rounds, newest first (any patron, entitled or not)',
    tag: 'voting',
    roles: ['patron'],
    query: pageQuery,
    responses: { 200: { description: 'A page of rounds', schema: page(round) } },
    handler: async ({ query, res }) => res.json(await listRounds(db, query)),
  })

  route({
    method: 'get',
    path: '/v1/rounds/:id',
    refusals: ['round-not-found'],
    summary:
      'A round with its topics, my votes and votes remaining; topic tallies (`votes`) appear when results ' +
      'are visible: always for `live`, once closed for `after_close`',
    tag: 'voting',
    roles: ['patron'],
    params: idParams,
    responses: {
      200: { description: 'The round page', schema: roundPageSchema },
      404: problem('No such round'),
    },
    handler: async ({ params, auth, res }) => res.json(await patronRoundPage(db, params.id, auth.sub)),
  })
}

/** Casting and withdrawing votes. */
function registerVoteRoutes(route: Route, { db }: Deps): void {
  route({
    method: 'post',
    path: '/v1/rounds/:id/votes',
    refusals: [
      'round-not-found',
      'topic-not-found',
      'vote-needs-membership',
      'voting-not-open',
      'topic-not-votable',
      'vote-budget-exhausted',
    ],
    summary:
      'Vote for a topic of an open round (one vote per topic, at most votesPerMember per round). ' +
      'Entitlement is checked in the database at the moment of the vote, not from the token. ' +
      'A round that is upcoming (not yet open) or closed answers 409 round-closed.',
    tag: 'voting',
    roles: ['patron'],
    params: idParams,
    body: voteBody,
    responses: {
      201: { description: 'Vote cast', schema: voteResult },
      200: { description: 'That vote already existed; same body', schema: voteResult },
      403: problem('`forbidden` (not a patron) or `not-entitled` (no active membership now)'),
      404: problem('No such round, or the topic is not in this round'),
      409: problem(
        '`round-closed` (upcoming or closed), `vote-budget-exhausted`, or `conflict` for a topic that is ' +
          '`covered` or `declined`',
      ),
    },
    handler: async ({ params, body, auth, res }) => {
      const { created, result } = await castVote(db, {
        roundId: params.id,
        topicId: body.topicId,
        memberId: auth.sub,
      })
      res.status(created ? 201 : 200).json(result)
    },
  })

  route({
    method: 'delete',
    path: '/v1/rounds/:id/votes/:topicId',
    refusals: ['round-not-found', 'withdrawal-closed', 'vote-not-found'],
    summary: 'Withdraw my vote while the round is open (409 round-closed when upcoming or closed)',
    tag: 'voting',
    roles: ['patron'],
    params: z.object({ id, topicId: id }),
    responses: {
      204: { description: 'Withdrawn; the vote is back in the budget' },
      404: problem('No such round, or no vote of mine on that topic'),
      409: problem('`round-closed`'),
    },
    handler: async ({ params, auth, res }) => {
      await withdrawVote(db, { roundId: params.id, topicId: params.topicId, memberId: auth.sub })
      res.status(204).end()
    },
  })
}
