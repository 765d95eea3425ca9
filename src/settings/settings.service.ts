import type { Db } from '../db/connect.js'
import type { Newsroom } from '../web/newsroom.js'
import { readSettings, saveSettings } from './settings.repository.js'

/** Only the name (the first-admin setup asks for it); the rest stays as it is, or as the defaults give it. */
export async function saveName(db: Db, name: string, defaults: Newsroom): Promise<void> {
  const newsroom = (await readSettings(db))?.newsroom ?? defaults
  // A sender name that was only the newsroom's name follows it: mails come from the name just given.
  const senderName = newsroom.senderName === newsroom.name ? name : newsroom.senderName
  await saveSettings(db, { ...newsroom, name, senderName })
}
