import { PGlite } from '@electric-sql/pglite'

const a = new PGlite()
await a.waitReady
const dump = await a.dumpDataDir('none')
await a.close()
const t0 = performance.now()
const pg = new PGlite({ dataDir: '/tmp/pgl-load-' + process.pid, loadDataDir: dump })
await pg.waitReady
const t1 = performance.now()
console.log({ loadFromDump: t1 - t0, size: dump.size })
