import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // PGlite starts in ~1 s per file and a Postgres database is cloned per file: files run in parallel,
    // tests within a file in order.
    pool: 'forks',
    // Kysely's FileMigrationProvider imports migrations/*.ts natively; tsx teaches Node to.
    execArgv: ['--import', 'tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: 'test' },
  },
})
