import { mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export class DataDirNotWritable extends Error {
  constructor(
    readonly dataDir: string,
    readonly code: string,
  ) {
    super(
      `DATA_DIR ${dataDir} is not a writable folder (${code}): point DATA_DIR at a folder this user may write, or fix its permissions.`,
    )
    this.name = 'DataDirNotWritable'
  }
}

/**
 * mkdir -p that cannot loop: Node's own recursive mkdirSync spins forever under /proc, where mkdir
 * answers ENOENT although the parent exists.
 */
export function makeDir(dir: string): void {
  try {
    mkdirSync(dir)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return
    if (code !== 'ENOENT' || dirname(dir) === dir || exists(dirname(dir))) throw err
    makeDir(dirname(dir))
    mkdirSync(dir)
  }
}

/** Creates DATA_DIR when missing and proves it writable, or throws DataDirNotWritable. */
export function ensureWritableDir(dir: string): void {
  try {
    makeDir(dir)
    const probe = join(dir, `.write-test-${process.pid}`)
    writeFileSync(probe, '')
    unlinkSync(probe)
  } catch (err) {
    throw new DataDirNotWritable(dir, (err as NodeJS.ErrnoException).code ?? 'unknown error')
  }
}

function exists(path: string): boolean {
  try {
    statSync(path)
    return true
  } catch {
    return false
  }
}
