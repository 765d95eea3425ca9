import { readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The embedded database is a folder that one process at a time may open: two PGlite instances on
 * the same files each keep their own copy in memory and overwrite each other's writes. The holder
 * writes its pid (and its start time, so a reused pid is not mistaken for it) into DATA_DIR/db.lock;
 * a lock whose process is gone (a crash, SIGKILL) is taken over.
 */
export interface DataDirLock {
  release(): void
}

export class DataDirInUse extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The data folder ${dataDir} is in use by process ${pid} (its embedded database belongs to one process).`,
    )
    this.name = 'DataDirInUse'
  }
}

interface Holder {
  pid: number
  startTime: string | undefined
}

export function lockFile(dataDir: string): string {
  return join(dataDir, 'db.lock')
}

/** Takes DATA_DIR for this process, or throws DataDirInUse naming the live process that holds it. */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const file = lockFile(dataDir)
  const me: Holder = { pid: process.pid, startTime: startTimeOf(process.pid) }
  for (let attempt = 0; attempt < 5; attempt++) {
    if (createExclusive(file, me)) return releaser(file)
    const holder = readHolder(file)
    if (holder && isAlive(holder)) throw new DataDirInUse(dataDir, holder.pid)
    // Stale: only one process at a time may break it, and it checks again once it may.
    const breaker = `${file}.break`
    if (!createExclusive(breaker, me)) {
      const other = readHolder(breaker)
      if (other && !isAlive(other)) removeIfPresent(breaker)
      continue
    }
    try {
      const again = readHolder(file)
      if (!again || !isAlive(again)) removeIfPresent(file)
    } finally {
      removeIfPresent(breaker)
    }
  }
  const holder = readHolder(file)
  throw new DataDirInUse(dataDir, holder?.pid ?? 0)
}

/** The pid of the live process that holds DATA_DIR, if any. */
export function dataDirHolder(dataDir: string): number | undefined {
  const holder = readHolder(lockFile(dataDir))
  return holder && isAlive(holder) ? holder.pid : undefined
}

function releaser(file: string): DataDirLock {
  let released = false
  const release = () => {
    if (released) return
    released = true
    const holder = readHolder(file)
    if (holder?.pid === process.pid) removeIfPresent(file)
  }
  // A normal exit (process.exit included) gives the folder back; a crash leaves a stale lock.
  process.once('exit', release)
  return { release }
}

function createExclusive(file: string, holder: Holder): boolean {
  try {
    writeFileSync(file, `${JSON.stringify(holder)}\n`, { flag: 'wx', mode: 0o600 })
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw err
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, startTime: parsed.startTime } : undefined
  } catch {
    // Missing, or half-written by a process that died while writing it: not a live holder.
    return undefined
  }
}

function isAlive(holder: Holder): boolean {
  // In a container the server is often pid 1 after every restart: a lock naming us is our own stale one.
  if (holder.pid === process.pid) return false
  try {
    process.kill(holder.pid, 0)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const startTime = startTimeOf(holder.pid)
  return !holder.startTime || !startTime || startTime === holder.startTime
}

/** The process's start time in clock ticks since boot (Linux); undefined elsewhere. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 22; the command name (field 2) may contain spaces, so count from after its ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  } catch {
    return undefined
  }
}

function removeIfPresent(file: string): void {
  try {
    unlinkSync(file)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
}
