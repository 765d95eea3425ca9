import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { inject } from 'vitest'
import { embeddedDir } from '../../src/db/connect.js'

const run = promisify(execFile)

export interface ServiceProcess {
  child: ChildProcess
  port: number
  /** Everything it wrote to stdout and stderr so far. */
  output(): string
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>
}

export const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })

/**
 * The service and its CLI as they run in production (`npm start`, `npm run cli`): compiled, under
 * plain node. tests/global-setup.ts compiles dist/ first when a source is newer.
 */
export const SERVICE_SCRIPT = 'scripts/start.mjs'
export const CLI_SCRIPT = 'dist/src/cli.js'

/** The service as a child process, as `npm start` runs it; resolves once it listens. */
export function startServiceProcess(env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [SERVICE_SCRIPT], {
    env: { ...env, PORT: env.PORT ?? '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = output.match(/listening on http:\/\/localhost:(\d+)/)
      if (match) {
        child.stdout!.off('data', onData)
        child.stderr!.off('data', onData)
        child.stdout!.on('data', (c: Buffer) => (output += c.toString()))
        child.stderr!.on('data', (c: Buffer) => (output += c.toString()))
        resolve({
          child,
          port: Number(match[1]),
          output: () => output,
          stop: () => {
            const exited = exitOf(child)
            child.kill('SIGTERM')
            return exited
          },
        })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => reject(new StartFailed(code, output)))
  })
}

export class StartFailed extends Error {
  constructor(
    readonly code: number | null,
    readonly output: string,
  ) {
    super(`exited ${code} before listening:\n${output}`)
  }
}

/** Starts a process that is expected to fail; resolves with its exit code and output. */
export async function failedStart(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  try {
    const service = await startServiceProcess(env)
    await service.stop()
    throw new Error(`it started:\n${service.output()}`)
  } catch (err) {
    if (!(err instanceof StartFailed)) throw err
    return { code: err.code, output: err.output }
  }
}

/** `npm run cli -- ...args`; resolves with the exit code and output (never rejects on a non-zero exit). */
export async function runCli(env: NodeJS.ProcessEnv, args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI_SCRIPT, ...args], { env })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

/**
 * A new DATA_DIR whose embedded database is already migrated: the template of tests/global-setup.ts
 * unpacked into it (owner-only, as the service leaves its files), for a test about something else
 * than a new folder. A process opens it in a second or two instead of unpacking and migrating a new
 * cluster first.
 */
export function migratedDataDir(prefix: string): string {
  const dataDir = mkdtempSync(join(tmpdir(), prefix))
  const dump = inject('pgliteDump')
  mkdirSync(embeddedDir(dataDir), { mode: 0o700 })
  execFileSync(
    'sh',
    ['-c', 'umask 077 && tar -xf "$0" -C "$1" --no-same-permissions', dump, embeddedDir(dataDir)],
    {
      stdio: 'ignore',
    },
  )
  return dataDir
}

/** No stack trace: no "    at fn (file:line)" frames. */
export const hasStackTrace = (text: string) => /^\s+at .+:\d+:\d+\)?$/m.test(text)
