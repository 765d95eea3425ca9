import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../../src/app.js'
import { type Config, loadConfig } from '../../src/config.js'
import type { Db } from '../../src/db/connect.js'
import { createDeps, type Deps } from '../../src/deps.js'
import { createLogger } from '../../src/logger.js'
import { createTestDatabase, type TestDatabase } from './db.js'

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-bytes-long!'

export interface ApiResponse<T = any> {
  status: number
  headers: Headers
  body: T
  text: string
}

export interface RequestOptions {
  body?: unknown
  token?: string
  headers?: Record<string, string>
}

export interface TestApp {
  url: string
  config: Config
  deps: Deps
  db: Db
  api<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>
  close(): Promise<void>
}

/**
 * The real app on a fresh database of this file's own, listening on a port the system picked.
 * `env` may be a function of that port (e.g. PUBLIC_URL naming it): the server listens before the
 * configuration is made, so no port is chosen first and taken by someone else before listening.
 * `connect` may give the app another way to that database (e.g. through a proxy a test can cut).
 */
export async function startTestApp(
  env: Record<string, string | undefined> | ((port: number) => Record<string, string | undefined>) = {},
  connect?: (database: TestDatabase) => Db,
): Promise<TestApp> {
  const database = await createTestDatabase()
  const dataDir = mkdtempSync(join(tmpdir(), 'patronage-app-'))
  const server = createServer()
  // A server that closes an idle keep-alive connection just as the client reuses it makes that request
  // fail with ECONNRESET (nodejs/undici#3141); on a loaded machine, with the test client on the same
  // event loop, idle gaps near the 5 s timeout are common. Here only the client closes idle
  // connections (it never reuses one it closed); close() ends the rest.
  server.keepAliveTimeout = 0
  server.listen(0)
  await once(server, 'listening')
  const port = (server.address() as AddressInfo).port
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    PUBLIC_URL: 'http://patronage.test',
    ...(typeof env === 'function' ? env(port) : env),
  })
  const db = connect ? connect(database) : database.db
  const deps = createDeps(config, db, createLogger(config))
  server.on('request', createApp(deps))
  const url = `http://127.0.0.1:${port}`

  return {
    url,
    config,
    deps,
    db,
    api: (method, path, options) => request(url, method, path, options),
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      if (db !== database.db) await db.destroy().catch(() => {})
      await database.drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export async function request<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  { body, token, headers = {} }: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const init: RequestInit = { method, headers: { ...headers } }
  const h = init.headers as Record<string, string>
  if (token) h.authorization = `Bearer ${token}`
  if (body !== undefined) {
    h['content-type'] ??= 'application/json'
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
  }
  const res = await fetch(baseUrl + path, init)
  const text = await res.text()
  const type = res.headers.get('content-type') ?? ''
  const parsed = type.includes('json') && text ? JSON.parse(text) : text
  return { status: res.status, headers: res.headers, body: parsed as T, text }
}
