import { CompiledQuery, type QueryResult, type RawBuilder } from 'kysely'
import type { Db } from './connect.js'

/**
 * A hot raw statement compiled to its SQL text once, then run with each call's values only: Kysely
 * otherwise walks the statement's tree of fragments and builds its text again on every call (a
 * noticeable part of a vote's CPU, see `npm run bench -- load`). `build` is called once with a marker
 * in place of each value; the compiled parameters that are markers are replaced per call, any other
 * parameter (a constant list) is kept. Every database here speaks Postgres's dialect (pg and PGlite),
 * so one text serves them all.
 */
export function compiledOnce<K extends string, R>(
  keys: readonly K[],
  build: (values: Record<K, string>) => RawBuilder<R>,
): (db: Db, values: Record<K, string>) => Promise<QueryResult<R>> {
  const markers = Object.fromEntries(keys.map((k, i) => [k, `\u0000compiled-once-${i}`])) as Record<K, string>
  const keyOf = new Map(keys.map((k) => [markers[k], k]))
  let compiled: { sql: string; parameters: readonly unknown[] } | undefined
  return (db, values) => {
    compiled ??= build(markers).compile(db)
    const parameters = compiled.parameters.map((p) => {
      const key = typeof p === 'string' ? keyOf.get(p) : undefined
      return key === undefined ? p : values[key]
    })
    return db.executeQuery(CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<R>)
  }
}
