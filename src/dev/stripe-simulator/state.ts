import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { StripeSimulator } from './api.js'

interface SavedState {
  now: number
  objects: Record<string, any>[]
  /** How many times "advance one month" was pressed. */
  advances: number
}

/**
 * The simulator's objects as a JSON file, so that a restarted demo still finds in "Stripe" every
 * subscription its database knows. Written aside and renamed: a crash never leaves half a file.
 */
export function saveSimulatorState(fake: StripeSimulator, file: string): void {
  const state: SavedState = { now: fake.now, objects: [...fake.objects.values()], advances: fake.advances }
  writeFileSync(`${file}.tmp`, JSON.stringify(state))
  renameSync(`${file}.tmp`, file)
}

/** Loads a saved state into an empty simulator; false when there is none. */
export function loadSimulatorState(fake: StripeSimulator, file: string): boolean {
  if (!existsSync(file)) return false
  const state = JSON.parse(readFileSync(file, 'utf8')) as SavedState
  for (const obj of state.objects) fake.objects.set(obj.id, obj)
  fake.now = Math.max(state.now, Math.floor(Date.now() / 1000))
  fake.advances = state.advances ?? 0
  return true
}

/** Saves at most every `ms` while changes keep coming, and once more after the last. */
export function saveLater(fake: StripeSimulator, file: string, ms = 200): { (): void; flush(): void } {
  let timer: NodeJS.Timeout | undefined
  const flush = () => {
    if (timer) clearTimeout(timer)
    timer = undefined
    saveSimulatorState(fake, file)
  }
  const schedule = () => {
    timer ??= setTimeout(flush, ms)
  }
  return Object.assign(schedule, { flush })
}
