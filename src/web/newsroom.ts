import { type Config, PRODUCT_NAME } from '../config.js'
import type { Locale } from '../locales.js'

/** The newsroom's own voice: what /admin/settings holds and every page and mail shows. */
export interface Newsroom {
  name: string
  /** The newsroom's own website, linked from every page's footer; null: none. */
  url: string | null
  /** The home page's appeal in each language; null: the catalog's words. */
  appeal: Record<Locale, string | null>
  /** `#rrggbb`, readable on the light pages (settings/contrast.ts). */
  accent: string
  /** The name mails come from (the address stays MAIL_FROM's). */
  senderName: string
}

/** The accent of site.css. */
export const DEFAULT_ACCENT = '#0b5c8e'

/** MAIL_FROM split into its display name (if any) and address. */
export function mailFromParts(mailFrom: string): { name: string | undefined; address: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(mailFrom)
  return match
    ? { name: match[1] || undefined, address: match[2]!.trim() }
    : { name: undefined, address: mailFrom.trim() }
}

/** MAIL_FROM's display name, unless it is the product's own default: then the newsroom's name. */
function senderNameOf(config: Pick<Config, 'site' | 'mailFrom'>): string {
  const name = mailFromParts(config.mailFrom).name
  return name && name !== PRODUCT_NAME ? name : config.site.name
}

/** Before any save: SITE_NAME, SITE_URL and MAIL_FROM's name are the first defaults. */
export function defaultNewsroom(config: Pick<Config, 'site' | 'mailFrom'>): Newsroom {
  return {
    name: config.site.name,
    url: config.site.url ?? null,
    appeal: { en: null, uk: null },
    accent: DEFAULT_ACCENT,
    senderName: senderNameOf(config),
  }
}

/** The appeal a page in `locale` shows: its own, else the other language's, else undefined (the catalog's). */
export function appealOf(newsroom: Newsroom, locale: Locale): string | undefined {
  const other = Object.entries(newsroom.appeal).find(([l, text]) => l !== locale && text)?.[1]
  return newsroom.appeal[locale] ?? other ?? undefined
}
