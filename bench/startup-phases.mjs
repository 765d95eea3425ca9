// Where an embedded start-up's time goes, phase by phase, in one plain node process on a migrated
// DATA_DIR (argv[2]): the modules, opening PGlite, the migrations check, the app. Prints JSON.
const t0 = performance.now()
const phases = {}
let last = t0
const lap = (name) => {
  const now = performance.now()
  phases[name] = Math.round(now - last)
  last = now
}
const dist = new URL('../dist/src/', import.meta.url)
const { connectDatabase, embeddedDir } = await import(new URL('db/connect.js', dist).href)
const { migrationsCurrent } = await import(new URL('db/migrate.js', dist).href)
lap('database modules')
const db = connectDatabase({ pgliteDir: embeddedDir(process.argv[2]) })
const { sql } = await import('kysely')
await sql`select 1`.execute(db)
lap('PGlite open (WASM compile, Postgres boot)')
if (!(await migrationsCurrent(db))) throw new Error('the data directory is not migrated')
lap('migrations check')
const { createApp } = await import(new URL('app.js', dist).href)
const { createDeps } = await import(new URL('deps.js', dist).href)
const { loadConfig } = await import(new URL('config.js', dist).href)
const { createLogger } = await import(new URL('logger.js', dist).href)
lap('app modules (every route, Stripe SDK, mailer, pages)')
const config = loadConfig({ ...process.env, DATA_DIR: process.argv[2] })
createApp(createDeps(config, db, createLogger(config)))
lap('createApp')
await db.destroy()
console.log(JSON.stringify({ ...phases, total: Math.round(performance.now() - t0) }))
