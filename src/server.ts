import type { AddressInfo } from 'node:net'
import { createApp } from './app.js'
import type { Config } from './config.js'
import { connectDatabase, embeddedDir } from './db/connect.js'
import { startHousekeeping } from './db/housekeeping.js'
import { migrate } from './db/migrate.js'
import { createDeps, type Deps } from './deps.js'
import { createLogger, type Logger } from './logger.js'
import { startMailSender } from './mail/sender.js'

const DRAIN_MS = 8_000

export interface RunningService {
  url: string
  port: number
  deps: Deps
  /** Stops accepting, lets in-flight requests finish (up to 8 s), then closes the database. */
  close(): Promise<void>
}

/** config -> database -> migrate -> listen. */
export async function startService(
  config: Config,
  logger: Logger = createLogger(config),
): Promise<RunningService> {
  const db = connectDatabase({ url: config.databaseUrl, pgliteDir: embeddedDir(config.dataDir) })
  try {
    await migrate(db)
  } catch (err) {
    await db.destroy()
    throw err
  }
  const deps = createDeps(config, db, logger)
  const server = createApp(deps).listen(config.port)
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  }).catch(async (err) => {
    await db.destroy()
    throw err
  })
  const mailSender = startMailSender(deps)
  const housekeeping = startHousekeeping(deps)
  const { port } = server.address() as AddressInfo
  logger.info(
    { port, database: config.databaseUrl ? 'postgres' : 'embedded' },
    `listening on http://localhost:${port}`,
  )

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      const drained = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS)
      await drained
      clearTimeout(timer)
      await Promise.all([mailSender.stop(), housekeeping.stop()])
      await db.destroy()
    })()
    return closing
  }
  return { url: `http://localhost:${port}`, port, deps, close }
}
