import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import SlowFirstSequencer from './tests/sequencer.js'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    sequence: { sequencer: SlowFirstSequencer },
    // PGlite starts in ~1 s per file and a Postgres database is cloned per file: files run in parallel,
    // tests within a file in order.
    pool: 'forks',
    // One file per core: vitest's default is one fewer than the cores, so 1 on 2 cores, while many
    // files mostly wait (child processes starting, Chromium, a Postgres server). More than the cores
    // makes the files that start processes compete for them and run into their timeouts.
    maxWorkers: Math.max(2, availableParallelism()),
    // A worker imports the app's modules once for all the files it runs, not once per file. Each file
    // still gets its own database and app (tests/helpers), and no test changes process-wide state.
    isolate: false,
    // Kysely's FileMigrationProvider imports migrations/*.ts natively; tsx teaches Node to.
    execArgv: ['--import', 'tsx'],
    // A guard against a hung test, not a speed check (bench/ measures speed): on a loaded 2-core
    // machine a race test's 25 trials may take a minute.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: 'test' },
  },
})
