import { z } from 'zod'
import type { Deps } from '../deps.js'
import { deliverMails } from '../mail/sender.js'
import { openRoundTeaser } from '../voting/public-round.js'
import type { Pages } from '../web/pages.js'
import { renderPage } from '../web/render.js'
import { syncOwnCheckout } from './checkout.service.js'
import { MessageBody } from './join.view.js'

const successQuery = z.object({
  session_id: z
    .string()
    .max(255)
    .regex(/^cs_[A-Za-z0-9_]+$/),
})

/** Where Stripe Checkout sends the reader back: paid (the membership is synced at once) or cancelled. */
export function registerCheckoutReturnPages(pages: Pages, deps: Deps): void {
  // The reader comes back from Checkout signed in (the join link or an earlier sign-in did that).
  pages.get('/checkout/success', async ({ req, res, page }) => {
    const t = page.i18n.t
    const query = successQuery.safeParse(req.query)
    if (page.session?.auth.role === 'patron' && query.success) {
      const mailId = await syncOwnCheckout(deps, page.session.auth.sub, query.data.session_id)
      await deliverMails(deps, [mailId])
      const { round } = await openRoundTeaser(deps.db)
      return renderPage(
        res,
        page,
        { title: t('checkout.success.title') },
        <MessageBody
          title={t('checkout.success.title')}
          body={t('checkout.success.body', { name: page.newsroom.name })}
          link={
            round
              ? { href: `/rounds/${round.id}`, text: t('checkout.success.toRound') }
              : { href: '/account', text: t('checkout.success.toAccount') }
          }
        />,
      )
    }
    renderPage(
      res,
      page,
      { title: t('checkout.signIn.title') },
      <MessageBody
        title={t('checkout.signIn.title')}
        body={t('checkout.signIn.body')}
        link={{ href: '/login?next=/account', text: t('site.signIn') }}
      />,
    )
  })

  pages.get('/checkout/cancel', ({ res, page }) => {
    const t = page.i18n.t
    renderPage(
      res,
      page,
      { title: t('checkout.cancel.title') },
      <MessageBody
        title={t('checkout.cancel.title')}
        body={t('checkout.cancel.body')}
        link={{ href: '/', text: t('checkout.cancel.back') }}
      />,
    )
  })
}
