import express, { type Request, type Response } from 'express'
import type { Deps } from '../deps.js'
import { acceptedLocale } from '../web/i18n/index.js'
import { escapeHtml } from './html.js'
import { setMailPreferences } from './preferences.js'
import { type AnnouncementKind, unsubscribeKey, verifyUnsubscribe } from './unsubscribe-token.js'

const words = {
  en: {
    title: 'Unsubscribe',
    kinds: {
      rounds: 'mails when a voting round opens',
      coverage: 'mails when a story you voted for is published',
    },
    ask: (what: string) => `Stop ${what}? Mails about your membership and sign-in links still arrive.`,
    confirm: 'Unsubscribe',
    done: (what: string) => `Done: you will get no more ${what}.`,
    later: 'You can turn them on again on your account page.',
    invalid:
      'This unsubscribe link is not valid. Copy the whole link from the mail, or change your mail preferences on your account page.',
  },
  uk: {
    title: 'Відписатися',
    kinds: {
      rounds: 'листи про відкриття раундів голосування',
      coverage: 'листи про публікацію матеріалів, за які ви голосували',
    },
    ask: (what: string) =>
      `Більше не надсилати ${what}? Листи про ваше членство та посилання для входу надходитимуть і далі.`,
    confirm: 'Відписатися',
    done: (what: string) => `Готово: ви більше не отримуватимете ${what}.`,
    later: 'Увімкнути їх знову можна на сторінці вашого облікового запису.',
    invalid:
      'Це посилання для відписки недійсне. Скопіюйте посилання з листа повністю або змініть налаштування листів на сторінці облікового запису.',
  },
}

/**
 * `/unsubscribe?token=`: pages, not JSON API routes (they answer HTML to people and to mail clients,
 * like `/login`), so they are not in the OpenAPI document. GET only shows a confirm button (mail
 * scanners open every link); POST opts out in one request without a session, as RFC 8058's
 * one-click unsubscribe sends it (`List-Unsubscribe=One-Click`, form-encoded; the body is not needed).
 */
export function unsubscribeRouter(deps: Pick<Deps, 'db' | 'config'>): express.Router {
  const router = express.Router()
  const key = unsubscribeKey(deps.config)
  const localeOf = (req: Request) => acceptedLocale(req, deps.config.site.defaultLocale)

  const page = (req: Request, res: Response, status: number, body: string) => {
    const locale = localeOf(req)
    const t = words[locale]
    res
      .status(status)
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(
        `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(t.title)} · ${escapeHtml(deps.config.site.name)}</title>
<style>
:root { color-scheme: light dark; }
body { font: 16px/1.5 system-ui, sans-serif; max-width: 34em; margin: 3em auto; padding: 0 1em; }
button { font: inherit; min-height: 44px; padding: 0 1.25em; border-radius: 6px; border: 1px solid; cursor: pointer; }
button:focus-visible { outline: 3px solid; outline-offset: 2px; }
</style>
</head>
<body>
<main>
<p>${escapeHtml(deps.config.site.name)}</p>
<h1>${escapeHtml(t.title)}</h1>
${body}
</main>
</body>
</html>
`,
      )
  }

  const claimOf = (req: Request) => verifyUnsubscribe(key, req.query.token)
  const invalid = (req: Request, res: Response) =>
    page(req, res, 400, `<p>${escapeHtml(words[localeOf(req)].invalid)}</p>`)
  const what = (req: Request, kind: AnnouncementKind) => words[localeOf(req)].kinds[kind]

  router.get('/unsubscribe', (req, res) => {
    const claim = claimOf(req)
    if (!claim) return invalid(req, res)
    const t = words[localeOf(req)]
    const action = `/unsubscribe?token=${encodeURIComponent(String(req.query.token))}`
    page(
      req,
      res,
      200,
      `<p>${escapeHtml(t.ask(what(req, claim.kind)))}</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">${escapeHtml(t.confirm)}</button>
</form>`,
    )
  })

  router.post('/unsubscribe', async (req, res) => {
    const claim = claimOf(req)
    if (!claim) return invalid(req, res)
    await setMailPreferences(deps.db, claim.memberId, { [claim.kind]: false })
    const t = words[localeOf(req)]
    page(req, res, 200, `<p>${escapeHtml(t.done(what(req, claim.kind)))}</p><p>${escapeHtml(t.later)}</p>`)
  })

  return router
}
