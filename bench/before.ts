/**
 * BENCH_BEFORE=<commit>: the service of an earlier commit, built once under bench/.before/<commit>
 * (this checkout's node_modules linked in), so a suite can load it side by side with the current one
 * in the same run, on the same database and machine.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { root } from './service.js'

export const beforeCommit = process.env.BENCH_BEFORE || undefined

/** The directory of the earlier commit's built service, or undefined without BENCH_BEFORE. */
export function builtBefore(log: (line: string) => void): string | undefined {
  if (!beforeCommit) return undefined
  const commit = execFileSync('git', ['rev-parse', '--short', beforeCommit], { cwd: root }).toString().trim()
  const dir = join(root, 'bench/.before', commit)
  if (existsSync(join(dir, 'dist/src/main.js'))) return dir
  log(`building ${commit} (BENCH_BEFORE) in ${dir}`)
  mkdirSync(dir, { recursive: true })
  execFileSync('sh', ['-c', `git -C "${root}" archive ${commit} | tar -x -C "${dir}"`])
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: dir, stdio: 'ignore' })
  return dir
}
