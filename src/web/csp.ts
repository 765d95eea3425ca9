import type { RequestHandler } from 'express'
import helmet from 'helmet'
import type { Config } from '../config.js'
import { headersOf } from '../http/front.js'

/**
 * Computed once. Pages load nothing from elsewhere and run no inline script or style. Forms may also lead to Stripe
 * (Checkout, Customer Portal): a browser applies form-action to the redirect after a POST.
 */
export function pageSecurityHeaders(config: Pick<Config, 'stripe'>): RequestHandler {
  const stripePages = ['https://checkout.stripe.com', 'https://billing.stripe.com']
  const apiOrigin = new URL(config.stripe.apiBase).origin
  // A local stand-in for Stripe (tests, development) serves its Checkout pages from its own origin.
  if (apiOrigin !== 'https://api.stripe.com') stripePages.push(apiOrigin)
  const headers = headersOf(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'", ...stripePages],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'same-origin' },
    }),
  )
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value)
    next()
  }
}
