import { describe, expect, it } from 'vitest'
import { loadConfig, unknownVariables } from '../../src/config.js'
import { isDatabaseUnavailable } from '../../src/db/unavailable.js'
import { configurationSummary } from '../../src/startup.js'

describe('database errors that mean "away", not "wrong"', () => {
  const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code })

  it.each([
    ['connection refused', pgError('ECONNREFUSED')],
    ['connection reset', pgError('ECONNRESET')],
    ['admin shutdown (pg_ctl restart -m fast)', pgError('57P01')],
    ['crash shutdown', pgError('57P02')],
    ['starting up', pgError('57P03')],
    ['connection exception class 08', pgError('08006')],
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly')],
    ['a broken client reused', new Error('Client has encountered a connection error and is not queryable')],
    ['a pool wait that timed out', new Error('timeout exceeded when trying to connect')],
    ['localhost tried on ::1 and 127.0.0.1', new AggregateError([pgError('ECONNREFUSED')])],
  ])('%s', (_name, err) => expect(isDatabaseUnavailable(err)).toBe(true))

  it.each([
    ['a unique violation', pgError('23505')],
    ['a serialization failure', pgError('40001')],
    ['a wrong password', pgError('28P01')],
    ['a bug', new TypeError('undefined is not a function')],
    ['not an error', 'Connection'],
  ])('not %s', (_name, err) => expect(isDatabaseUnavailable(err)).toBe(false))
})

describe('start-up reporting', () => {
  it('warns about variables that look like ours, naming the likely one', () => {
    expect(
      unknownVariables({
        STRIPE_SECRET: 'sk_test_x',
        STRIPE_SECRET_KEY: 'sk_test_y',
        JWT_SECRETT: 'x',
        SMTP_HOST: 'mail',
        DATABASE_REPLICA_URL: 'postgres://r/db',
        STRIPE_ACCOUNT_COUNTRY: 'UA',
        HOME: '/root',
        PATH: '/bin',
      }),
    ).toEqual([
      { name: 'JWT_SECRETT', suggestion: 'JWT_SECRET' },
      { name: 'SMTP_HOST', suggestion: 'SMTP_URL' },
      { name: 'STRIPE_ACCOUNT_COUNTRY', suggestion: undefined },
      { name: 'STRIPE_SECRET', suggestion: 'STRIPE_SECRET_KEY' },
    ])
  })

  it('says what is configured without a secret', () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      JWT_SECRET: 'j'.repeat(40),
      DATABASE_URL: 'postgres://app:dbpassword@db.internal:5433/patronage',
      DATABASE_REPLICA_URL: 'postgres://app:dbpassword@replica.internal/patronage',
      STRIPE_SECRET_KEY: 'sk_live_secretkey',
      STRIPE_WEBHOOK_SECRET: 'whsec_secret',
      SMTP_URL: 'smtps://u:mailpassword@smtp.example.org:465',
      PUBLIC_URL: 'https://members.example.org',
    })
    const line = configurationSummary(config)
    expect(line).toBe(
      'Configured: database Postgres at db.internal:5433, reports from the replica at replica.internal; ' +
        'Stripe key set (live mode), webhook secret set; mail via SMTP at smtp.example.org:465; ' +
        'public URL https://members.example.org',
    )
    for (const secret of ['dbpassword', 'secretkey', 'whsec_secret', 'mailpassword', 'j'.repeat(40)])
      expect(line).not.toContain(secret)
  })
})
