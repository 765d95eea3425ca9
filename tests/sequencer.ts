import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/** The helpers that start Chromium or child processes: the files that import them run longest. */
const SLOW_HELPERS = /\/(?:harness|browser|service-process|own-postgres)\.js'/

/**
 * Vitest starts with the files that took longest in the last run; a file it has no timing for (in a
 * clean clone, as in CI's first pass) it orders by size. Files that start a browser or processes go
 * first instead, so that no worker is left with one of them while the other has nothing to do.
 */
export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const { cache, config } = this.ctx
    const timed = (file: TestSpecification) =>
      cache.getFileTestResults(`${file.project.name}:${relative(config.root, file.moduleId)}`)
    if (sorted.every(timed)) return sorted
    const slow = (file: TestSpecification) => SLOW_HELPERS.test(readFileSync(file.moduleId, 'utf8'))
    return [...sorted.filter(slow), ...sorted.filter((file) => !slow(file))]
  }
}
