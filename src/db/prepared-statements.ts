import type pg from 'pg'

/** Distinct SQL texts that get a name; later new texts run unnamed (re-planned on every call). */
const DEFAULT_MAX_STATEMENTS = 500

/**
 * Makes every pooled client run repeated SQL texts as named prepared statements, so Postgres parses
 * and plans a text once per connection instead of on every call (pg sends unnamed statements
 * otherwise). Kysely compiles each query shape to one fixed text, so the set of texts is small; the
 * cap bounds it anyway (at most `maxStatements` prepared statements per server connection), should
 * some dynamic SQL produce ever new texts: past the cap a new text simply runs unnamed.
 */
export function preparingStatements(pool: pg.Pool, maxStatements = DEFAULT_MAX_STATEMENTS): pg.Pool {
  const names = new Map<string, string>()
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text)
    if (known !== undefined || names.size >= maxStatements) return known
    const name = `patronage_${names.size + 1}`
    names.set(text, name)
    return name
  }
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    // Only the (text, values[, callback]) form Kysely and pool.query use, with parameters, is named: a text without any may hold
    // several statements (raw migration SQL), which only the simple protocol runs. Configs, cursors and
    // callbacks pass through.
    ;(client as { query: unknown }).query = (...args: unknown[]) => {
      const [text, values, callback] = args
      if (typeof text === 'string' && Array.isArray(values) && values.length > 0 && args.length <= 3) {
        const name = nameOf(text)
        if (name) return callback ? query({ name, text, values }, callback) : query({ name, text, values })
      }
      return query(...args)
    }
  })
  return pool
}
