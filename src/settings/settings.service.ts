import type { Db } from '../db/connect.js'
import type { Newsroom } from '../web/newsroom.js'
import { readSettings, saveSettings } from './settings.repository.js'

/** Only the name (the first-admin setup asks for it); the rest stays as it is, or as the defaults give it. */
export async function saveName(db: Db, name: string, defaults: Newsroom): Promise<void> {
  const stored = await readSettings(db)
  await saveSettings(db, { ...(stored?.newsroom ?? defaults), name })
}
