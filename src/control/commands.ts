import { parseArgs } from 'node:util'
import { z } from 'zod'
import { putStaff } from '../accounts/staff.service.js'
import { createStripe } from '../billing/stripe-client.js'
import { syncAllSubscriptions } from '../billing/stripe-sync.service.js'
import type { Config } from '../config.js'
import type { Db } from '../db/connect.js'
import { type MigrationDirection, migrate } from '../db/migrate.js'
import { STAFF_ROLES } from '../http/roles.js'
import { email } from '../http/schemas.js'

/** The operator's commands, run by the CLI on its own database or by the server on its behalf. */
export const usage = `Usage: npm run cli -- <command>
  staff add <email> --role <admin|editor|analyst>   create or update a staff account
  migrate [up|down|latest]                          run migrations (default: latest)
  stripe sync                                       reconcile every Stripe subscription (recovers missed webhooks)
`

export interface CommandContext {
  db: Db
  config: Config
  /** Writes one line of output as it happens (progress, results). */
  print(line: string): void
  /** Writes a progress line (stderr for the CLI), so the printed result stays the summary. */
  progress(line: string): void
  /** Set when the command runs inside the server, which must keep its schema. */
  inServer?: { pid: number }
}

type Command = (ctx: CommandContext, args: string[]) => Promise<void>

export class UsageError extends Error {}

const commands: Record<string, Command> = {
  async migrate(ctx, [direction = 'latest']) {
    const parsed = z.enum(['up', 'down', 'latest']).safeParse(direction)
    if (!parsed.success) throw new UsageError('migrate [up|down|latest]')
    const dir = parsed.data as MigrationDirection
    if (dir === 'down' && ctx.inServer) {
      throw new Error(
        `The server (process ${ctx.inServer.pid}) is running on this schema; stop it, then run migrate down.`,
      )
    }
    const results = await migrate(ctx.db, dir)
    if (results.length === 0) return ctx.print('Nothing to migrate.')
    for (const r of results) ctx.print(`${r.direction === 'Up' ? 'applied' : 'reverted'} ${r.name}`)
  },

  async staff(ctx, args) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: { role: { type: 'string' } },
    })
    const [action, address] = positionals
    if (action !== 'add' || !address) throw new UsageError('staff add <email> --role <admin|editor|analyst>')
    const role = z.enum(STAFF_ROLES).safeParse(values.role)
    if (!role.success) throw new UsageError('--role must be admin, editor or analyst')
    const parsed = email.safeParse(address)
    if (!parsed.success) throw new UsageError(`${address} is not an email address`)
    // The same service as POST /v1/admin/staff: the last admin is never demoted.
    const { staff } = await putStaff(ctx.db, parsed.data, role.data)
    ctx.print(`${staff.email} is ${staff.role} (id ${staff.id})`)
  },

  async stripe(ctx, [action]) {
    if (action !== 'sync') throw new UsageError('stripe sync')
    const stripe = createStripe(ctx.config)
    if (!stripe) throw new Error('STRIPE_SECRET_KEY is not set.')
    const report = await syncAllSubscriptions(
      { db: ctx.db, stripe, config: ctx.config },
      {
        onPage: (r) =>
          ctx.progress(
            `stripe sync: ${r.subscriptions} subscriptions read so far, ${r.changed} changed, ${r.failed.length} failed`,
          ),
      },
    )
    ctx.print(
      `${report.subscriptions} subscriptions read, ${report.changed} changed, ${report.transitions} membership transitions`,
    )
    for (const c of report.changes) {
      const member = c.memberId ? ` (member ${c.memberId})` : ''
      const what = c.transition
        ? `${c.transition.from} -> ${c.transition.to}`
        : 'details updated, status unchanged'
      ctx.print(`changed ${c.id}${member}: ${what}`)
    }
    for (const id of report.unmatched) ctx.print(`skipped ${id}: its customer has no email and no member`)
    for (const f of report.failed) ctx.print(`failed ${f.id}: ${f.error}`)
    if (report.failed.length > 0)
      throw new Error(`${report.failed.length} subscriptions could not be applied.`)
  },
}

export function isCommand(name: string | undefined): name is string {
  return name !== undefined && Object.hasOwn(commands, name)
}

/** Runs one command line (`['staff', 'add', ...]`); throws UsageError for a malformed one. */
export async function runCommand(ctx: CommandContext, argv: string[]): Promise<void> {
  const [name, ...args] = argv
  if (!isCommand(name)) throw new UsageError(`unknown command ${name ?? ''}`.trim())
  try {
    await commands[name]!(ctx, args)
  } catch (err) {
    // parseArgs rejects unknown options with a TypeError: that is a usage mistake too.
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      throw new UsageError((err as Error).message)
    throw err
  }
}
