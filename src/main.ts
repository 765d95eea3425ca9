import { dirname } from 'node:path'
import { ConfigError, loadConfig, readDotEnv, unknownVariables } from './config.js'
import { DataDirNotWritable } from './data-dir.js'
import { createLogger } from './logger.js'
import { startService } from './server.js'
import { configurationSummary, StartupError } from './startup.js'

/** A failure to start is one readable line on stderr and exit code 1: no stack trace. */
function fail(message: string): never {
  console.error(`Patronage could not start: ${message}`)
  process.exit(1)
}

readDotEnv()
let config: ReturnType<typeof loadConfig>
try {
  config = loadConfig()
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message)
    process.exit(1)
  }
  // Writing the generated JWT secret into DATA_DIR failed.
  const e = err as NodeJS.ErrnoException
  const dir = e.path?.endsWith('jwt-secret') ? dirname(e.path) : e.path
  fail(dir ? new DataDirNotWritable(dir, e.code ?? 'unknown error').message : String(e.message ?? err))
}
const logger = createLogger(config)
logger.info(configurationSummary(config))
for (const { name, suggestion } of unknownVariables()) {
  logger.warn(
    `${name} is set but not a Patronage variable${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
  )
}
// Handlers first: a signal that arrives while the service is still starting waits for it, then drains.
const starting = startService(config, logger)
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'shutting down')
    await (await starting.catch(() => process.exit(1))).close()
    logger.info('stopped')
    process.exit(0)
  })
}
await starting.catch((err) => {
  if (err instanceof StartupError || err instanceof DataDirNotWritable) fail(err.message)
  logger.debug({ err }, 'start-up failed')
  fail(err instanceof Error ? err.message : String(err))
})
