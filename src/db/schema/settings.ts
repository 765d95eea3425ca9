import type { Generated } from 'kysely'
import type { UpdatedAt } from './columns.js'

/** The newsroom's settings (/admin/settings): one row at most; without it, the environment's defaults. */
export interface NewsroomSettingsTable {
  id: Generated<boolean>
  name: string
  site_url: string | null
  appeal_en: string | null
  appeal_uk: string | null
  accent: string
  sender_name: string
  version: Generated<number>
  updated_at: UpdatedAt
}
