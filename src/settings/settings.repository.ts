import type { Db } from '../db/connect.js'
import type { Newsroom } from '../web/newsroom.js'

/** The stored settings and their version, or undefined before the first save. */
export async function readSettings(db: Db): Promise<{ newsroom: Newsroom; version: number } | undefined> {
  const row = await db
    .selectFrom('newsroom_settings')
    .select(['name', 'site_url', 'appeal_en', 'appeal_uk', 'accent', 'sender_name', 'version'])
    .executeTakeFirst()
  return (
    row && {
      newsroom: {
        name: row.name,
        url: row.site_url,
        appeal: { en: row.appeal_en, uk: row.appeal_uk },
        accent: row.accent,
        senderName: row.sender_name,
      },
      version: row.version,
    }
  )
}

/** Stores every setting at once (the one row is made by the first save). */
export async function saveSettings(db: Db, newsroom: Newsroom): Promise<void> {
  const values = {
    name: newsroom.name,
    site_url: newsroom.url,
    appeal_en: newsroom.appeal.en,
    appeal_uk: newsroom.appeal.uk,
    accent: newsroom.accent,
    sender_name: newsroom.senderName,
  }
  await db
    .insertInto('newsroom_settings')
    .values(values)
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        ...values,
        version: eb('newsroom_settings.version', '+', 1),
        updated_at: new Date(),
      })),
    )
    .execute()
}

/** Only the name (the first-admin setup asks for it); the rest stays as it is, or as the defaults give it. */
export async function saveName(db: Db, name: string, defaults: Newsroom): Promise<void> {
  const newsroom = (await readSettings(db))?.newsroom ?? defaults
  // A sender name that was only the newsroom's name follows it: mails come from the name just given.
  const senderName = newsroom.senderName === newsroom.name ? name : newsroom.senderName
  await saveSettings(db, { ...newsroom, name, senderName })
}
