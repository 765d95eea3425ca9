import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Config } from './config.js'
import { ensureWritableDir, keepDataDirPrivate } from './data-dir.js'
import { connectDatabase, embeddedDir } from './db/connect.js'
import { acquireDataDirLock, DataDirInUse } from './db/data-dir-lock.js'
import type { Deps } from './deps.js'
import { createLogger, type Logger } from './logger.js'
import { describeListenError, migrateWhenReachable, StartupError, startupClock } from './startup.js'

const DRAIN_MS = 8_000

export interface RunningService {
  url: string
  port: number
  deps: Deps
  /** Stops accepting, lets in-flight requests finish (up to 8 s), then closes the database. */
  close(): Promise<void>
}

/** config -> data folder -> database -> migrate -> listen. Failures an operator can fix are StartupErrors. */
export async function startService(
  config: Config,
  logger: Logger = createLogger(config),
): Promise<RunningService> {
  // Undone in reverse order when start-up fails part-way, and by close().
  const undo: (() => unknown)[] = []
  const release = async () => {
    for (const step of undo.splice(0).reverse()) await step()
  }
  const clock = startupClock()
  // The routes' modules load while the database opens (both take a while on a small machine); what
  // the first request does not need (the mail sender, housekeeping, the control socket) loads after.
  const modules = Promise.all([import('./app.js'), import('./deps.js')])
  try {
    const embedded = !config.databaseUrl
    if (embedded || !config.smtpUrl) {
      ensureWritableDir(config.dataDir)
      const loosened = keepDataDirPrivate(config.dataDir)
      if (loosened > 0) {
        logger.warn(
          { dataDir: config.dataDir, entries: loosened },
          'the data folder was open to other users of this host: its folders are now 0700 and its files 0600',
        )
      }
    }
    if (embedded) {
      const lock = acquireEmbedded(config.dataDir)
      undo.push(() => lock.release())
    }
    const db = connectDatabase({
      url: config.databaseUrl,
      pgliteDir: embeddedDir(config.dataDir),
      preparedStatements: config.databasePreparedStatements,
    })
    undo.push(() => db.destroy())
    await migrateWhenReachable(db, config, logger)
    clock.lap('database open, migrations checked')
    // A replica of the embedded database cannot exist: reports then read the embedded one.
    const replicaUrl = embedded ? undefined : config.databaseReplicaUrl
    const readDb = replicaUrl
      ? connectDatabase({ url: replicaUrl, preparedStatements: config.databasePreparedStatements })
      : db
    if (readDb !== db) undo.push(() => readDb.destroy())
    const [{ createApp }, { createDeps }] = await modules
    clock.lap('route modules awaited')
    const deps = createDeps(config, db, logger, readDb)
    const server = createApp(deps).listen(config.port)
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', (err) => reject(new StartupError(describeListenError(err, config.port))))
    })
    clock.lap('app made, listening')
    const { port } = server.address() as AddressInfo
    const background = await startBackground(deps, embedded, port)
    undo.push(background.stop)
    clock.lap('mail sender, housekeeping, control socket')
    logger.info(
      { port, database: embedded ? 'embedded' : 'postgres', startupMs: clock.phases },
      `listening on http://localhost:${port}`,
    )

    return { url: `http://localhost:${port}`, port, deps, close: closeOnce(server, release) }
  } catch (err) {
    await release()
    throw err
  }
}

/** Stops accepting, lets in-flight requests finish (up to DRAIN_MS), then releases the rest; once. */
function closeOnce(server: Server, release: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined
  return () => {
    closing ??= (async () => {
      const drained = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS)
      await drained
      clearTimeout(timer)
      await release()
    })()
    return closing
  }
}

/** What runs beside the routes; loaded once the service listens, as the first request needs none of it. */
async function startBackground(deps: Deps, embedded: boolean, port: number) {
  const [
    { startMailSender },
    { mailJobs },
    { startHousekeeping },
    { purgeRules },
    { serveControlSocket },
    firstAdmin,
  ] = await Promise.all([
    import('./mail/sender.js'),
    import('./mail-jobs.js'),
    import('./db/housekeeping.js'),
    import('./purges.js'),
    import('./control/socket.js'),
    import('./accounts/first-admin.js'),
  ])
  const { db, config, logger } = deps
  const control = embedded
    ? await serveControlSocket(config.dataDir, { db, config, inServer: { pid: process.pid } }, logger)
    : undefined
  const mailSender = startMailSender(deps, mailJobs)
  const housekeeping = startHousekeeping(deps, purgeRules)
  await firstAdmin.logFirstAdminHint(deps, port)
  return { stop: () => Promise.all([mailSender.stop(), housekeeping.stop(), control?.close()]) }
}

function acquireEmbedded(dataDir: string) {
  try {
    return acquireDataDirLock(dataDir)
  } catch (err) {
    if (!(err instanceof DataDirInUse)) throw err
    throw new StartupError(
      `${err.message} Stop process ${err.pid} first, or give this one another DATA_DIR; to run a CLI command, use npm run cli while it runs.`,
    )
  }
}
