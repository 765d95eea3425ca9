// The pages' static files (CSS, scripts) are not TypeScript: the build copies them beside the
// compiled code, where src/web/assets.ts looks for them. Used by `npm run build` and build-if-stale.
import { cpSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

export function copyAssets() {
  const target = join(root, 'dist/src/web/assets')
  rmSync(target, { recursive: true, force: true })
  cpSync(join(root, 'src/web/assets'), target, { recursive: true })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) copyAssets()
