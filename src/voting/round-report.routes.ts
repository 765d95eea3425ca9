import type { Deps } from '../deps.js'
import { notFound } from '../http/problems.js'
import type { apiRouter } from '../http/router.js'
import { idParams, problemSchema } from '../http/schemas.js'
import { roundParticipation } from './round-report.repository.js'
import { findRound } from './rounds.repository.js'
import { participationRate } from './rules.js'
import { roundReport } from './schemas.js'
import { topicsWithVotes } from './topics.repository.js'

type Route = ReturnType<typeof apiRouter>['route']

export function registerRoundReportRoute(route: Route, { readDb: db }: Deps): void {
  route({
    method: 'get',
    path: '/v1/admin/reports/rounds/:id',
    refusals: ['round-not-found'],
    summary:
      'Participation and tallies of a round (analysts and admins; editors read tallies at ' +
      'GET /v1/admin/rounds/{id}). eligibleVoters: members entitled now plus members who voted in ' +
      'the round; voters: distinct members who voted; participationRate = voters / eligibleVoters (0 when none); ' +
      'topics most voted first',
    tag: 'reports',
    roles: ['analyst'],
    params: idParams,
    responses: {
      200: { description: 'The round report', schema: roundReport },
      404: { description: 'No such round', schema: problemSchema, contentType: 'application/problem+json' },
    },
    handler: async ({ params, res }) => {
      if (!(await findRound(db, params.id))) throw notFound('No such round.', 'round-not-found')
      const [participation, topics] = await Promise.all([
        roundParticipation(db, params.id),
        topicsWithVotes(db, params.id),
      ])
      res.json({
        ...participation,
        participationRate: participationRate(participation.voters, participation.eligibleVoters),
        topics: topics
          .map((t) => ({ id: t.id, title: t.title, votes: Number(t.votes) }))
          .sort((x, y) => y.votes - x.votes),
      })
    },
  })
}
