// Runs before `npm start`, `npm run cli` and `npm run migrate` (which then `exec` plain node on dist/):
// compiles the TypeScript when dist/ is missing or older than any source, incrementally, so an
// up-to-date build costs one directory walk and a stale one only recompiles what changed.
// Prints to stderr only: the CLI's stdout stays the command's answer.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { copyAssets } from './copy-assets.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = join(root, 'dist')
// tsconfig.build.json keeps tsc's incremental state here; its mtime says when the build last ran.
const stamp = join(dist, '.tsbuildinfo')
const sources = ['src', 'migrations']
const configs = ['tsconfig.json', 'tsconfig.build.json', 'package.json']

/** Newest mtime of the files and folders below `dir` (a folder's mtime moves when a file is added, renamed or deleted). */
function newest(dir) {
  let latest = statSync(dir).mtimeMs
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

/** Compiled files whose source is gone (a renamed module, a deleted migration) would still be loaded. */
function removeOrphans(dir) {
  if (!existsSync(dir)) return
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      // Copied, not compiled: see copy-assets.mjs.
      if (path === join(dist, 'src/web/assets')) continue
      removeOrphans(path)
      continue
    }
    const source = join(root, relative(dist, path)).replace(/\.(js|js\.map|d\.ts)$/, '')
    // Pages are .tsx: a compiled file is an orphan only when neither source exists.
    if (source !== join(root, relative(dist, path)) && ![`${source}.ts`, `${source}.tsx`].some(existsSync))
      rmSync(path)
  }
}

// An installed image carries dist/ without the sources: nothing to check.
if (sources.every((s) => existsSync(join(root, s)))) {
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0
  const changed = Math.max(
    ...sources.map((s) => newest(join(root, s))),
    ...configs.map((c) => statSync(join(root, c)).mtimeMs),
  )
  if (changed > built) {
    const tsc = join(root, 'node_modules/typescript/bin/tsc')
    if (!existsSync(tsc)) {
      console.error(
        'patronage: dist/ is missing or out of date and TypeScript is not installed; run `npm install`.',
      )
      process.exit(1)
    }
    process.stderr.write('patronage: compiling TypeScript to dist/ ...\n')
    const args = [tsc, '-p', 'tsconfig.build.json']
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 2, 2] })
    if (result.status !== 0) process.exit(result.status ?? 1)
    for (const s of sources) removeOrphans(join(dist, s))
    copyAssets()
    // tsc leaves the build info untouched when nothing it emits changed; the stamp must still move.
    const now = new Date()
    utimesSync(stamp, now, now)
  }
}
