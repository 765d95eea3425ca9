// Runs once at `npm install`: initialises an empty embedded Postgres cluster and keeps it as a tarball,
// so the first `npm start` copies it (about 1 s) instead of running initdb (about 5 s).
// Best effort: without the template the service simply runs initdb itself.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const target = fileURLToPath(new URL('../node_modules/.cache/patronage/pglite-initdb.tar', import.meta.url))

try {
  if (!existsSync(target)) {
    const { PGlite } = await import('@electric-sql/pglite')
    const pglite = await PGlite.create()
    const dump = await pglite.dumpDataDir('none')
    await pglite.close()
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(`${target}.tmp`, Buffer.from(await dump.arrayBuffer()))
    renameSync(`${target}.tmp`, target)
  }
} catch (err) {
  console.warn(`patronage: no embedded database template (${err instanceof Error ? err.message : err})`)
}
