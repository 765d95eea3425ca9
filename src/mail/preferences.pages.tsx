import { z } from 'zod'
import type { Deps } from '../deps.js'
import { LOCALES } from '../locales.js'
import { requirePage } from '../web/guard.js'
import type { Pages } from '../web/pages.js'
import { setMailPreferences } from './preferences.js'
import { AS_THE_PAGES } from './preferences-form.js'

/** Unchecked boxes are not sent at all, so a missing box is "off". */
const mailForm = z.object({
  rounds: z.literal('on').optional(),
  coverage: z.literal('on').optional(),
  locale: z.enum([AS_THE_PAGES, ...LOCALES]),
})

export function registerMailPreferencePages(pages: Pages, deps: Deps): void {
  pages.post('/account/mail', async ({ req, res, page }) => {
    const session = requirePage(page, 'patron')
    const form = mailForm.safeParse(req.body)
    if (!form.success) return res.redirect(303, '/account')
    const { locale } = form.data
    await setMailPreferences(deps.db, session.auth.sub, {
      rounds: form.data.rounds === 'on',
      coverage: form.data.coverage === 'on',
      locale: locale === AS_THE_PAGES ? null : locale,
    })
    res.redirect(303, '/account?saved=mail')
  })
}
