import { createHmac, timingSafeEqual } from 'node:crypto'
import { sql } from 'kysely'
import type { Config } from '../config.js'
import { inTransaction } from '../db/transaction.js'
import type { Deps } from '../deps.js'
import { conflict, unauthenticated } from '../http/problems.js'
import { saveName } from '../settings/settings.service.js'
import { defaultNewsroom } from '../web/newsroom.js'
import { requestMagicLink } from './auth.service.js'
import { addStaff } from './staff.repository.js'

/**
 * A fresh installation has no staff, and in a container nobody may have a shell to run the CLI: while
 * no staff account exists, start-up logs a setup link that creates the first admin. The token is
 * `<expiry>.<HMAC of it>` under the signing key, so any instance can check it without storing it;
 * it works once because it stops working as soon as any staff account exists.
 */
const SETUP_LINK_MINUTES = 60

function setupKey(config: Config): string {
  return `patronage-setup:${config.jwtSecret || config.jwt.privateKey || ''}`
}

function sign(config: Config, expires: number): string {
  return createHmac('sha256', setupKey(config)).update(String(expires)).digest('base64url')
}

export function newSetupToken(config: Config, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + SETUP_LINK_MINUTES * 60
  return `${expires}.${sign(config, expires)}`
}

export function setupTokenValid(config: Config, token: string, now = Date.now()): boolean {
  const match = /^(\d{1,12})\.([\w-]{43})$/.exec(token)
  if (!match) return false
  const expires = Number(match[1])
  if (expires * 1000 < now) return false
  const expected = Buffer.from(sign(config, expires))
  const given = Buffer.from(match[2]!)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

export async function hasStaff(deps: Pick<Deps, 'db'>): Promise<boolean> {
  return (await deps.db.selectFrom('staff').select('id').limit(1).executeTakeFirst()) !== undefined
}

export const setupLinkInvalid = () =>
  unauthenticated('The setup link is unknown or expired.', 'setup-link-invalid')
export const setupDone = () =>
  conflict('setup-done', 'A staff account exists already: sign in, or ask an admin to add you.')

/** Creates the first admin, once: concurrent setups wait on one lock and the later ones find staff. */
export async function createFirstAdmin(deps: Deps, token: string, email: string, newsroomName?: string) {
  if (!setupTokenValid(deps.config, token)) throw setupLinkInvalid()
  const admin = await inTransaction(deps.db, async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('patronage:first-admin'))`.execute(trx)
    if (await hasStaff({ db: trx })) return undefined
    if (newsroomName) await saveName(trx, newsroomName, defaultNewsroom(deps.config))
    return addStaff(trx, email, 'admin')
  })
  if (!admin) throw setupDone()
  deps.newsroom.forget()
  await requestMagicLink(deps, admin.email, null).catch((err) =>
    deps.logger.warn({ err }, 'could not mail the first admin a sign-in link'),
  )
  return admin
}

/** At start-up: how to create the first admin, while there is none. */
export async function logFirstAdminHint(deps: Deps, port: number): Promise<void> {
  try {
    if (await hasStaff(deps)) return
    // PORT=0 without PUBLIC_URL: the port chosen is only known now.
    const base = deps.config.publicUrl.replace(/:0$/, `:${port}`)
    const link = `${base}/setup?token=${newSetupToken(deps.config)}`
    deps.logger.warn(
      `No staff account yet. To create the first admin, open ${link} within ${SETUP_LINK_MINUTES} minutes, ` +
        'or run: npm run cli -- staff add you@example.org --role admin ' +
        '(in the Docker image: docker exec <container> patronage staff add you@example.org --role admin)',
    )
  } catch (err) {
    deps.logger.warn({ err }, 'could not check for staff accounts')
  }
}
