import { parseArgs } from 'node:util'
import { z } from 'zod'
import { addStaff } from './accounts/staff.repository.js'
import { createStripe } from './billing/stripe-client.js'
import { syncAllSubscriptions } from './billing/stripe-sync.service.js'
import { ConfigError, loadConfig, readDotEnv } from './config.js'
import { connectDatabase, type Db, embeddedDir } from './db/connect.js'
import { type MigrationDirection, migrate } from './db/migrate.js'
import { email } from './http/schemas.js'

const usage = `Usage: npm run cli -- <command>
  staff add <email> --role admin|editor|analyst   create or update a staff account
  migrate [up|down|latest]                        run migrations (default: latest)
  stripe sync                                     reconcile every Stripe subscription (recovers missed webhooks)
`

type Command = (db: Db, args: string[]) => Promise<string>

const commands: Record<string, Command> = {
  async migrate(db, [direction = 'latest']) {
    const dir = z.enum(['up', 'down', 'latest']).parse(direction) as MigrationDirection
    const results = await migrate(db, dir)
    if (results.length === 0) return 'Nothing to migrate.'
    return results.map((r) => `${r.direction === 'Up' ? 'applied' : 'reverted'} ${r.name}`).join('\n')
  },

  async staff(db, args) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: { role: { type: 'string' } },
    })
    const [action, address] = positionals
    if (action !== 'add' || !address) throw new UsageError('staff add <email> --role admin|editor|analyst')
    const role = z.enum(['admin', 'editor', 'analyst']).safeParse(values.role)
    if (!role.success) throw new UsageError('--role must be admin, editor or analyst')
    const parsed = email.safeParse(address)
    if (!parsed.success) throw new UsageError(`${address} is not an email address`)
    const staff = await addStaff(db, parsed.data, role.data)
    return `${staff.email} is ${staff.role} (id ${staff.id})`
  },

  async stripe(db, [action]) {
    if (action !== 'sync') throw new UsageError('stripe sync')
    const config = loadConfig()
    const stripe = createStripe(config)
    if (!stripe) throw new Error('STRIPE_SECRET_KEY is not set.')
    // Progress on stderr, so stdout stays the summary of what changed.
    const report = await syncAllSubscriptions(
      { db, stripe, config },
      {
        onPage: (r) =>
          process.stderr.write(
            `stripe sync: ${r.subscriptions} subscriptions read so far, ${r.changed} changed, ${r.failed.length} failed\n`,
          ),
      },
    )
    const lines = [
      `${report.subscriptions} subscriptions read, ${report.changed} changed, ${report.transitions} membership transitions`,
      ...report.changes.map(
        (c) =>
          `changed ${c.id}${c.memberId ? ` (member ${c.memberId})` : ''}` +
          (c.transition
            ? `: ${c.transition.from} -> ${c.transition.to}`
            : ': details updated, status unchanged'),
      ),
      ...report.unmatched.map((id) => `skipped ${id}: its customer has no email and no member`),
      ...report.failed.map((f) => `failed ${f.id}: ${f.error}`),
    ]
    if (report.failed.length > 0) throw new Error(lines.join('\n'))
    return lines.join('\n')
  },
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv
  const command = name ? commands[name] : undefined
  if (!command) {
    process.stderr.write(usage)
    return name ? 2 : 0
  }
  readDotEnv()
  const config = loadConfig()
  const db = connectDatabase({ url: config.databaseUrl, pgliteDir: embeddedDir(config.dataDir) })
  try {
    if (name !== 'migrate') await migrate(db)
    console.log(await command(db, args))
    return 0
  } finally {
    await db.destroy()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError) process.stderr.write(`${err.message}\n\n${usage}`)
    else if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`)
    else process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(err instanceof UsageError ? 2 : 1)
  },
)
