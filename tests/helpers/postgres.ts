export const TEMPLATE_PREFIX = 'patronage_tpl_'

/**
 * The maintenance database, for CREATE/DROP DATABASE and the template's migrations: on
 * TEST_DATABASE_ADMIN_URL's server when set (the Postgres behind a pooler that TEST_DATABASE_URL
 * leads to: a pooler in transaction mode cannot run CREATE DATABASE ... TEMPLATE for us), otherwise
 * on TEST_DATABASE_URL's.
 */
export function adminUrl(url: string): string {
  const u = new URL(process.env.TEST_DATABASE_ADMIN_URL ?? url)
  u.pathname = '/postgres'
  return u.toString()
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/** Whether connections to TEST_DATABASE_URL may name prepared statements (DATABASE_PREPARED_STATEMENTS). */
export const preparedStatements = process.env.DATABASE_PREPARED_STATEMENTS !== 'false'
