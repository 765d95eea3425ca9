import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
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

/** The data folder holds members' emails (the embedded database, the mail outbox) and secrets. */
const PRIVATE_DIR = 0o700
const PRIVATE_FILE = 0o600

/**
 * mkdir -p that cannot loop: Node's own recursive mkdirSync spins forever under /proc, where mkdir
 * answers ENOENT although the parent exists. Folders are made for this user only.
 */
export function makeDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: PRIVATE_DIR })
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST' && statSync(dir).isDirectory()) return
    if (code !== 'ENOENT' || dirname(dir) === dir || exists(dirname(dir))) throw err
    makeDir(dirname(dir))
    mkdirSync(dir, { mode: PRIVATE_DIR })
  }
}

/**
 * Makes the data folder this user's alone: every folder in it 0700 and every file 0600 (PGlite writes
 * its files 0666, and a template cluster is unpacked with those modes), and what this process creates
 * from now on likewise (umask 077: the embedded database creates files as long as it runs). Returns
 * how many entries were readable by others, so an existing folder's repair can be logged once.
 */
export function keepDataDirPrivate(dir: string): number {
  process.umask(0o077)
  return tightenModes(dir)
}

/** Folders under `path` to 0700 and files to 0600 where others could read them; how many were. */
export function tightenModes(path: string): number {
  try {
    const stat = lstatSync(path, { throwIfNoEntry: false })
    if (!stat || !(stat.isDirectory() || stat.isFile())) return 0
    let loosened = 0
    if ((stat.mode & 0o077) !== 0) {
      chmodSync(path, stat.isDirectory() ? PRIVATE_DIR : PRIVATE_FILE)
      loosened++
    }
    if (stat.isDirectory()) for (const name of readdirSync(path)) loosened += tightenModes(join(path, name))
    return loosened
  } catch (err) {
    // The database removes files as it runs: one gone between listing and chmod needs nothing.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw err
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
