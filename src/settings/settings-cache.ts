import type { Config } from '../config.js'
import type { Db } from '../db/connect.js'
import { defaultNewsroom, type Newsroom } from '../web/newsroom.js'
import { readSettings } from './settings.repository.js'

/** How long an instance trusts what it read: a save on another instance shows there within this. */
export const SETTINGS_TTL_MS = 5_000

export interface NewsroomSettings {
  /** The settings now: from memory when read less than SETTINGS_TTL_MS ago, else from the database. */
  current(): Promise<Newsroom>
  /** This instance saved: read again at the next `current()`. */
  forget(): void
}

/**
 * The settings, cached in memory per process with a short time to live: every page and mail reads
 * them, and a save elsewhere (another instance) is seen within SETTINGS_TTL_MS; the instance that
 * saves forgets at once. With the database away, pages keep the last settings read (or the defaults).
 */
export function newsroomSettings(
  db: Db,
  config: Pick<Config, 'site' | 'mailFrom'>,
  now = Date.now,
): NewsroomSettings {
  const defaults = defaultNewsroom(config)
  let cached: { newsroom: Newsroom; at: number } | undefined
  let reading: Promise<Newsroom> | undefined
  // A read begun before a save must not be kept after it: each forget() starts a new generation.
  let generation = 0
  const read = async (started: number) => {
    try {
      const stored = await readSettings(db)
      const newsroom = stored?.newsroom ?? defaults
      if (started === generation) cached = { newsroom, at: now() }
      return newsroom
    } catch {
      return cached?.newsroom ?? defaults
    } finally {
      if (started === generation) reading = undefined
    }
  }
  return {
    current() {
      if (cached && now() - cached.at < SETTINGS_TTL_MS) return Promise.resolve(cached.newsroom)
      reading ??= read(generation)
      return reading
    },
    forget() {
      generation++
      cached = undefined
      reading = undefined
    },
  }
}
