import { chmodSync, unlinkSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Logger } from '../logger.js'
import { type CommandContext, runCommand, UsageError } from './commands.js'

/**
 * While the server holds the embedded database, the CLI cannot open it: it sends its command line
 * over a unix socket in DATA_DIR (mode 0600, so only the server's own user may) and the server runs
 * it on its own database. One JSON line in (`{ argv }`), JSON lines out (`{ line }`, then `{ exit }`).
 */
export function controlSocketPath(dataDir: string): string {
  return join(dataDir, 'control.sock')
}

/** Unix socket paths are limited to 107 bytes on Linux. */
export function socketPathFits(path: string): boolean {
  return Buffer.byteLength(path) <= 107
}

type Reply = { line: string } | { progress: string } | { error: string } | { exit: number; usage?: boolean }

export async function serveControlSocket(
  dataDir: string,
  ctx: Omit<CommandContext, 'print' | 'progress'>,
  logger: Logger,
): Promise<{ close(): Promise<void> }> {
  const path = controlSocketPath(dataDir)
  if (!socketPathFits(path)) {
    logger.warn(
      { path },
      'DATA_DIR is too long a path for the control socket: the CLI will ask to stop the server',
    )
    return { close: async () => {} }
  }
  // We hold the data folder's lock, so a socket file left here is a crashed predecessor's.
  removeIfPresent(path)
  const server = createServer((socket) => {
    const send = (reply: Reply) => socket.write(`${JSON.stringify(reply)}\n`)
    const lines = createInterface({ input: socket })
    // readline re-emits the socket's errors (a client gone mid-command): never fatal to the server.
    lines.on('error', () => {})
    lines.once('line', async (line) => {
      lines.close()
      let argv: string[]
      try {
        argv = (JSON.parse(line) as { argv: string[] }).argv
        if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) throw new Error('bad request')
      } catch {
        return socket.end(
          `${JSON.stringify({ line: 'Malformed request.' })}\n${JSON.stringify({ exit: 2 })}\n`,
        )
      }
      logger.info({ command: argv.slice(0, 2).join(' ') }, 'running a CLI command')
      try {
        await runCommand(
          { ...ctx, print: (text) => send({ line: text }), progress: (text) => send({ progress: text }) },
          argv,
        )
        send({ exit: 0 })
      } catch (err) {
        logger.info(
          { command: argv.slice(0, 2).join(' '), reason: (err as Error).message },
          'CLI command refused or failed',
        )
        send({ error: err instanceof Error ? err.message : String(err) })
        send({ exit: err instanceof UsageError ? 2 : 1, usage: err instanceof UsageError })
      }
      socket.end()
    })
    socket.on('error', () => {})
  })
  // Created with mode 0600 from the start: the umask applies while the socket file is bound.
  const umask = process.umask(0o177)
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(path, () => resolve())
    })
  } finally {
    process.umask(umask)
  }
  chmodSync(path, 0o600)
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        removeIfPresent(path)
      }),
  }
}

export class ServerUnreachable extends Error {}

/**
 * Sends a command line to the running server, printing its output as it comes. Resolves with the
 * exit code; rejects with ServerUnreachable when nothing answers on the socket.
 */
export function sendToServer(
  dataDir: string,
  argv: string[],
  out: { print(line: string): void; error(line: string): void; usage(): void },
): Promise<number> {
  const path = controlSocketPath(dataDir)
  return new Promise((resolve, reject) => {
    if (!socketPathFits(path))
      return reject(new ServerUnreachable('its DATA_DIR path is too long for a socket'))
    let started = false
    const socket = connect(path)
    let exit: number | undefined
    socket.once('connect', () => {
      started = true
      socket.write(`${JSON.stringify({ argv })}\n`)
      createInterface({ input: socket })
        .on('error', () => {})
        .on('line', onLine)
    })
    const onLine = (line: string) => {
      const reply = JSON.parse(line) as Reply
      if ('line' in reply) out.print(reply.line)
      else if ('progress' in reply) out.error(reply.progress)
      else if ('error' in reply) out.error(reply.error)
      else {
        exit = reply.exit
        if (reply.usage) out.usage()
      }
    }
    socket.on('error', (err) => {
      if (!started) reject(new ServerUnreachable((err as NodeJS.ErrnoException).code ?? err.message))
    })
    socket.once('close', () => {
      if (!started) return
      if (exit !== undefined) return resolve(exit)
      // The server went away mid-command: whether it finished is unknown, and we say so.
      out.error('The server stopped before answering: check the result, or run the command again.')
      resolve(3)
    })
  })
}

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
}
