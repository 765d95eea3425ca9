import type { Deps } from '../deps.js'
import { parse } from '../http/validate.js'
import type { PageContext } from '../web/context.js'
import { type FieldErrors, parseForm, TextField } from '../web/forms.js'
import { jsonClient } from '../web/json-client.js'
import type { Pages } from '../web/pages.js'
import { renderPage } from '../web/render.js'
import { createFirstAdmin, hasStaff, setupDone, setupLinkInvalid, setupTokenValid } from './first-admin.js'
import { setupBody } from './setup.routes.js'

function SetupForm(props: {
  page: PageContext
  token: string
  email?: string
  newsroomName?: string
  errors?: FieldErrors
}) {
  const t = props.page.i18n.t
  return (
    <section class="stack narrow">
      <h1>{t('admin.setup.title')}</h1>
      <p>{t('admin.setup.intro')}</p>
      <form method="post" action="/setup" noValidate>
        <input type="hidden" name="token" value={props.token} />
        <TextField
          name="email"
          type="email"
          label={t('admin.setup.email')}
          value={props.email}
          error={props.errors?.email}
          autocomplete="email"
          autofocus
          required
          maxLength={254}
        />
        <TextField
          name="newsroomName"
          label={t('admin.setup.newsroomName')}
          value={props.newsroomName ?? props.page.newsroom.name}
          error={props.errors?.newsroomName}
          autocomplete="organization"
          required
          maxLength={100}
        />
        <button type="submit" class="primary">
          {t('admin.setup.submit')}
        </button>
      </form>
    </section>
  )
}

/**
 * The first-admin setup link (see first-admin.ts) as a page in the layout, and the POST that both its
 * form (urlencoded) and a script (JSON) may send: the link's token is the proof, not a CSRF token. A
 * client that sends or asks for JSON gets JSON, and problem+json when refused.
 */
export function registerSetupPages(pages: Pages, deps: Deps): void {
  pages.get('/setup', async ({ req, res, page }) => {
    const token = typeof req.query.token === 'string' ? req.query.token : ''
    if (await hasStaff(deps)) throw setupDone()
    if (!setupTokenValid(deps.config, token)) throw setupLinkInvalid()
    renderPage(
      res,
      page,
      { title: page.i18n.t('admin.setup.title') },
      <SetupForm page={page} token={token} />,
    )
  })

  pages.post(
    '/setup',
    async ({ req, res, page }) => {
      const t = page.i18n.t
      if (jsonClient(req)) {
        const body = parse(setupBody, req.body ?? {}, 'body')
        const admin = await createFirstAdmin(deps, body.token, body.email, body.newsroomName)
        return res.status(201).json({ id: admin.id, email: admin.email, role: admin.role })
      }
      const form = parseForm(setupBody, req.body, page.i18n)
      if (!form.ok) {
        const { token = '', email, newsroomName } = form.values
        return renderPage(
          res,
          page,
          { title: t('admin.setup.title'), status: 400 },
          <SetupForm
            page={page}
            token={token}
            email={email}
            newsroomName={newsroomName}
            errors={form.errors}
          />,
        )
      }
      const admin = await createFirstAdmin(deps, form.data.token, form.data.email, form.data.newsroomName)
      // The page was prepared before the name was saved: it shows the new one.
      page.newsroom = await deps.newsroom.current()
      renderPage(
        res,
        page,
        { title: t('admin.setup.title'), status: 201 },
        <section class="stack narrow">
          <h1>{t('admin.setup.title')}</h1>
          <p>{t('admin.setup.done', { email: admin.email })}</p>
        </section>,
      )
    },
    { csrf: false, json: true },
  )
}
