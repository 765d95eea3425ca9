import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'

const dataDir = () => mkdtempSync(join(tmpdir(), 'patronage-config-'))

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ DATA_DIR: dataDir() })
    expect(config.port).toBe(3000)
    expect(config.publicUrl).toBe('http://localhost:3000')
    expect(config.stripe.apiBase).toBe('https://api.stripe.com')
    expect(config.accessTokenTtl).toBe(900)
    expect(config.gracePeriodDays).toBe(7)
    expect(config.mailFrom).toBe('Patronage <no-reply@localhost>')
    expect(config.logLevel).toBe('info')
    expect(config.mailLeaseSeconds).toBe(30)
    expect(config.databaseUrl).toBeUndefined()
    expect(Object.isFrozen(config)).toBe(true)
  })

  it('names every bad variable in one error', () => {
    let error: unknown
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        STRIPE_SECRET_KEY: 'pk_live_nope',
        JWT_SECRET: 'short',
        GRACE_PERIOD_DAYS: '-1',
        LOG_LEVEL: 'loud',
        MAIL_LEASE_SECONDS: '1',
      })
    } catch (err) {
      error = err
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as ConfigError).message
    for (const name of [
      'PORT',
      'DATABASE_URL',
      'STRIPE_SECRET_KEY',
      'JWT_SECRET',
      'GRACE_PERIOD_DAYS',
      'LOG_LEVEL',
      'MAIL_LEASE_SECONDS',
    ]) {
      expect(message).toContain(name)
    }
    expect((error as ConfigError).problems).toHaveLength(7)
  })

  it('refuses contribution bounds the wrong way round', () => {
    expect(() =>
      loadConfig({ DATA_DIR: dataDir(), CONTRIBUTION_MIN_AMOUNT: '500', CONTRIBUTION_MAX_AMOUNT: '400' }),
    ).toThrow(/CONTRIBUTION_MIN_AMOUNT: must not exceed CONTRIBUTION_MAX_AMOUNT/)
    expect(loadConfig({ DATA_DIR: dataDir() }).contributionAmount).toEqual({ min: 100, max: 1_000_000 })
  })

  it('requires JWT_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir() })).toThrow(/JWT_SECRET: required/)
  })

  it('generates a JWT secret once outside production, private to the owner, and reuses it', () => {
    const dir = dataDir()
    const first = loadConfig({ DATA_DIR: dir })
    const second = loadConfig({ DATA_DIR: dir })
    expect(Buffer.byteLength(first.jwtSecret)).toBeGreaterThanOrEqual(32)
    expect(second.jwtSecret).toBe(first.jwtSecret)
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').trim()).toBe(first.jwtSecret)
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600)
  })

  it('treats empty variables as unset and PUBLIC_URL follows PORT', () => {
    const config = loadConfig({ DATA_DIR: dataDir(), PORT: '8080', STRIPE_SECRET_KEY: '', DATABASE_URL: '' })
    expect(config.stripe.secretKey).toBeUndefined()
    expect(config.databaseUrl).toBeUndefined()
    expect(config.publicUrl).toBe('http://localhost:8080')
  })
})
