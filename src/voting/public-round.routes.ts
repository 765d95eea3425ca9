import cors from 'cors'
import type { Deps } from '../deps.js'
import type { apiRouter } from '../http/router.js'
import { openRoundTeaser, publicOpenRound } from './public-round.js'

type Route = ReturnType<typeof apiRouter>['route']

/** Read-only and public: the embed on the newsroom's site shows the open round's topics with it. */
export function registerPublicRoundRoute(route: Route, deps: Deps): void {
  // A simple GET (no custom headers) needs no preflight: the allow-origin header is all CORS asks.
  const allowOrigins = cors({ origin: [...deps.config.allowedOrigins], methods: ['GET'] })
  route({
    method: 'get',
    path: '/v1/rounds/open/public',
    summary: 'The open round’s title, closing time and topics, for anyone (CORS for ALLOWED_ORIGINS)',
    tag: 'rounds',
    responses: {
      200: { description: 'The open round, or `round: null` when none is open', schema: publicOpenRound },
    },
    handler: async ({ req, res }) => {
      allowOrigins(req, res, () => {})
      res.set('Cross-Origin-Resource-Policy', 'cross-origin')
      res.set('Cache-Control', 'public, max-age=60').json(await openRoundTeaser(deps.db))
    },
  })
}
