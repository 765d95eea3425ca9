/**
 * `npm run demo [-- --reset] [-- --members N]`: the service and a Stripe simulator with a demo
 * newsroom, no Stripe account needed. Ignores .env (a real key or DATABASE_URL there is not for a demo).
 */
import { parseArgs } from 'node:util'
import { DataDirNotWritable } from '../../data-dir.js'
import { StartupError } from '../../startup.js'
import { SimulatorRefused } from '../stripe-simulator/api.js'
import { DEMO_ADMIN, DEMO_PATRON } from './newsroom.js'
import { type RunningDemo, startDemo } from './start.js'

function fail(message: string): never {
  console.error(`The demo could not start: ${message}`)
  process.exit(1)
}

const { values } = parseArgs({
  options: { reset: { type: 'boolean', default: false }, members: { type: 'string' } },
})
const members = values.members ? Number(values.members) : undefined
if (members !== undefined && !(Number.isInteger(members) && members >= 1 && members <= 5_000))
  fail('--members must be a whole number from 1 to 5000')

let demo: RunningDemo
try {
  demo = await startDemo({ reset: values.reset, ...(members ? { members } : {}) })
} catch (err) {
  if (err instanceof SimulatorRefused || err instanceof StartupError || err instanceof DataDirNotWritable)
    fail(err.message)
  throw err
}

const { publicUrl } = demo.service.deps.config
const ready =
  demo.outcome === 'seeded' ? `demo newsroom created in ${demo.seconds.toFixed(1)} s` : 'demo data reused'
const line = (label: string, value: string | undefined) =>
  `  ${label.padEnd(30)}${value ?? '(no link: see the outbox folder)'}`
console.log(
  [
    '',
    `Patronage demo is running (${ready}). Payments are simulated: no Stripe account, no real money.`,
    `  Where the time went: ${demo.phases}`,
    '',
    line('Open', publicUrl),
    line('Sign in as the demo admin', demo.links.admin),
    `  ${''.padEnd(30)}(${DEMO_ADMIN})`,
    line('Sign in as the demo patron', demo.links.patron),
    `  ${''.padEnd(30)}(${DEMO_PATRON})`,
    line('Simulated Stripe (clock)', demo.simulatorUrl),
    '',
    '  Each sign-in link works once, within 15 minutes: run npm run demo again for fresh ones.',
    `  Data: ${demo.service.deps.config.dataDir} (npm run demo -- --reset starts over). Ctrl-C stops.`,
    '',
  ].join('\n'),
)

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await demo.close()
    process.exit(0)
  })
}
