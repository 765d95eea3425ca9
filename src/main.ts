import { ConfigError, loadConfig, readDotEnv } from './config.js'
import { createLogger } from './logger.js'
import { startService } from './server.js'

readDotEnv()
let config: ReturnType<typeof loadConfig>
try {
  config = loadConfig()
} catch (err) {
  if (!(err instanceof ConfigError)) throw err
  console.error(err.message)
  process.exit(1)
}
const logger = createLogger(config)
// Handlers first: a signal that arrives while the service is still starting waits for it, then drains.
const starting = startService(config, logger)
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    logger.info({ signal }, 'shutting down')
    await (await starting).close()
    logger.info('stopped')
    process.exit(0)
  })
}
await starting
