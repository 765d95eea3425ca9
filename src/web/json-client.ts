import type { Request } from 'express'

/**
 * A client that asked for JSON (or sent it): it gets problem+json from every route, pages included,
 * and never HTML (a page asked for as JSON is 406 `not-acceptable`).
 */
export const jsonClient = (req: Request) =>
  req.accepts(['html', 'json']) === 'json' || Boolean(req.is('application/json'))
