import { mkdtempSync, rmSync } from 'node:fs'
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
 * The real app on a fresh database of this file's own, listening on a free port. `connect` may give
 * the app another way to that database (e.g. through a proxy a test can cut).
 */
export async function startTestApp(
  env: Record<string, string | undefined> = {},
  connect?: (database: TestDatabase) => Db,
): Promise<TestApp> {
  const database = await createTestDatabase()
  const dataDir = mkdtempSync(join(tmpdir(), 'patronage-app-'))
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    PUBLIC_URL: 'http://patronage.test',
    ...env,
  })
  const db = connect ? connect(database) : database.db
  const deps = createDeps(config, db, createLogger(config))
  const server = createApp(deps).listen(env.PORT ? config.port : 0)
  await new Promise((resolve) => server.once('listening', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

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
