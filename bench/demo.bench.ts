/**
 * `npm run demo` from an empty folder to "Patronage demo is running": start-up, migrations and the
 * seeded newsroom (300 members through Checkout and the simulator's signed webhooks). Wall time
 * depends on what else the machine runs, so the CPU seconds of the process, the load average and
 * the demo's own phase times are reported beside it. `--sizes=A,B` times A and B members instead.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { round, table } from './measure.js'
import type { Suite } from './run.js'
import { cpuSecondsOf, freePort, root, stopChild } from './service.js'

async function timeDemo(members: number) {
  const scratch = mkdtempSync(join(tmpdir(), 'patronage-bench-demo-'))
  const dataDir = join(scratch, 'demo-data')
  const loadBefore = loadavg()[0]!
  const started = performance.now()
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/dev/demo/main.ts', '--members', String(members)],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATA_DIR: dataDir,
        PORT: String(await freePort()),
      },
    },
  )
  const exited = new Promise((resolve) => child.once('exit', resolve))
  let output = ''
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (c: Buffer) => {
        output += c.toString()
        if (output.includes('Patronage demo is running')) resolve()
      })
      child.stderr!.on('data', (c: Buffer) => (output += c.toString()))
      void exited.then(() => reject(new Error(`the demo exited:\n${output}`)))
    })
    return {
      members,
      wallSeconds: round((performance.now() - started) / 1000),
      cpuSeconds: round(cpuSecondsOf(child.pid!)),
      loadAverage: round((loadBefore + loadavg()[0]!) / 2),
      // The demo's own line: `Where the time went: start-up 2.1 s (CPU 2.3 s), tiers ...`.
      phases: /Where the time went: (.*)/.exec(output)?.[1] ?? '',
    }
  } finally {
    await stopChild(child, exited)
    rmSync(scratch, { recursive: true, force: true })
  }
}

export const demoSuite: Suite = {
  name: 'demo',
  description: 'npm run demo, from an empty folder to ready (300 members seeded through webhooks)',
  async run(ctx) {
    const runs = []
    for (const members of ctx.sizes ?? [300]) runs.push(await timeDemo(members))
    ctx.log(
      table([
        ['members', 'wall s', 'CPU s', 'load average'],
        ...runs.map((r) => [r.members, r.wallSeconds, r.cpuSeconds, r.loadAverage]),
      ]),
    )
    for (const r of runs) ctx.log(`phases (${r.members} members): ${r.phases}`)
    return { runs }
  },
}
