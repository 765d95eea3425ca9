import { type Config, ConfigError, loadConfig, readDotEnv } from './config.js'
import { isCommand, runCommand, UsageError, usage } from './control/commands.js'
import { ServerUnreachable, sendToServer } from './control/socket.js'
import { keepDataDirPrivate } from './data-dir.js'
import { connectDatabase, embeddedDir } from './db/connect.js'
import { acquireDataDirLock, DataDirInUse, dataDirHolder } from './db/data-dir-lock.js'
import { migrate } from './db/migrate.js'

const print = (line: string) => console.log(line)
const printError = (line: string) => console.error(line)
const printUsage = () => process.stderr.write(`\n${usage}`)

async function main(argv: string[]): Promise<number> {
  if (!isCommand(argv[0])) {
    process.stderr.write(usage)
    return argv[0] ? 2 : 0
  }
  readDotEnv()
  const config = loadConfig()
  if (config.databaseUrl) return runHere(config, argv)
  // The embedded database belongs to one process: take it, or ask the process that holds it (waiting
  // while that one is still starting; taking the folder when it has gone meanwhile).
  for (;;) {
    let lock: ReturnType<typeof acquireDataDirLock>
    try {
      lock = acquireDataDirLock(config.dataDir)
    } catch (err) {
      if (!(err instanceof DataDirInUse)) throw err
      const code = await viaServer(config, argv, err.pid)
      if (code === 'holder gone') continue
      return code
    }
    try {
      return await runHere(config, argv)
    } finally {
      lock.release()
    }
  }
}

async function runHere(config: Config, argv: string[]): Promise<number> {
  if (!config.databaseUrl) keepDataDirPrivate(config.dataDir)
  const db = connectDatabase({
    url: config.databaseUrl,
    pgliteDir: embeddedDir(config.dataDir),
    preparedStatements: config.databasePreparedStatements,
  })
  try {
    if (argv[0] !== 'migrate') await migrate(db)
    await runCommand({ db, config, print, progress: printError }, argv)
    return 0
  } finally {
    await db.destroy()
  }
}

/** How long the CLI waits for a server that holds DATA_DIR but is still opening its database. */
const SERVER_START_WAIT_MS = 60_000

async function viaServer(config: Config, argv: string[], pid: number): Promise<number | 'holder gone'> {
  const out = { print, error: printError, usage: printUsage }
  const deadline = Date.now() + SERVER_START_WAIT_MS
  for (let waited = false; ; waited = true) {
    try {
      return await sendToServer(config.dataDir, argv, out)
    } catch (err) {
      if (!(err instanceof ServerUnreachable)) throw err
      if (dataDirHolder(config.dataDir) !== pid) return 'holder gone'
      if (Date.now() > deadline) throw notTakingCommands(config, pid, err)
      if (!waited) printError(`Waiting for process ${pid}, which holds the data folder, to take commands...`)
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
}

function notTakingCommands(config: Config, pid: number, err: Error): Error {
  return new Error(
    `The data folder ${config.dataDir} is in use by process ${pid}, which does not take commands (${err.message}). ` +
      'Nothing was changed: stop that process, then run this command again.',
  )
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
