import type { Response } from 'express'
import { z } from 'zod'
import type { Deps } from '../deps.js'
import { ADMINS, Notice, renderAdminPage } from '../web/admin-frame.js'
import type { PageContext } from '../web/context.js'
import { AA_CONTRAST, lightContrast, normaliseHex } from '../web/contrast.js'
import { formKey, onceForKey } from '../web/form-key.js'
import { type FieldErrors, formValues, parseForm } from '../web/forms.js'
import { requirePage } from '../web/guard.js'
import type { Newsroom } from '../web/newsroom.js'
import type { Pages } from '../web/pages.js'
import { saveSettings } from './settings.repository.js'
import { SettingsForm, type SettingsValues, settingsValues } from './settings.view.js'

const text = (max: number) => z.string().trim().max(max)
/** A display name in a From header: no angle brackets, quotes or line breaks. */
const displayName = text(100)
  .min(1)
  .regex(/^[^<>"\r\n]+$/)

export const settingsForm = z.object({
  key: formKey,
  name: text(100).min(1),
  url: z
    .url()
    .max(300)
    .refine((u) => /^https?:\/\//.test(u))
    .optional(),
  appealEn: text(600).optional(),
  appealUk: text(600).optional(),
  accent: z
    .string()
    .transform((v, ctx) => normaliseHex(v) ?? (ctx.addIssue({ code: 'custom', message: 'hex' }), z.NEVER)),
  senderName: displayName,
})

const asNewsroom = (d: z.infer<typeof settingsForm>): Newsroom => ({
  name: d.name,
  url: d.url ?? null,
  appeal: { en: d.appealEn || null, uk: d.appealUk || null },
  accent: d.accent,
  senderName: d.senderName,
})

/** The colour's own refusal: its contrast on the pages, in figures. */
function accentError(page: PageContext, accent: string): string | undefined {
  const ratio = lightContrast(accent)
  if (ratio >= AA_CONTRAST) return undefined
  return page.i18n.t('admin.settings.accentContrast', { ratio: ratio.toFixed(1), needed: AA_CONTRAST })
}

/** Admins set the newsroom's name, website, appeal, colour and sender name (stored; env = first defaults). */
export function registerSettingsPages(pages: Pages, deps: Deps): void {
  const show = (
    res: Response,
    page: PageContext,
    query: unknown,
    values: SettingsValues,
    errors?: FieldErrors,
  ) => {
    const t = page.i18n.t
    renderAdminPage(
      res,
      page,
      { title: t('admin.settings.title'), current: '/admin/settings', status: errors ? 400 : 200 },
      <>
        <Notice page={page} query={query} />
        <p>{t('admin.settings.intro')}</p>
        <SettingsForm page={page} values={values} errors={errors} />
      </>,
    )
  }

  pages.get('/admin/settings', ({ req, res, page }) => {
    requirePage(page, ADMINS)
    show(res, page, req.query, settingsValues(page.newsroom))
  })

  pages.post('/admin/settings', async ({ req, res, page }) => {
    requirePage(page, ADMINS)
    const values = { ...settingsValues(page.newsroom), ...formValues(req.body) } as SettingsValues
    const form = parseForm(settingsForm, req.body, page.i18n)
    if (!form.ok) return show(res, page, {}, values, form.errors)
    const contrast = accentError(page, form.data.accent)
    if (contrast) return show(res, page, {}, values, { accent: contrast })
    const next = await onceForKey(deps.db, form.data.key, async (trx) => {
      await saveSettings(trx, asNewsroom(form.data))
      return '/admin/settings?done=saved'
    })
    deps.newsroom.forget()
    res.redirect(303, next)
  })
}
