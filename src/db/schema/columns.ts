import type { ColumnType } from 'kysely'
import type { Locale } from '../../locales.js'

/** A timestamptz column: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>
export type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>
/** bigint sums come back from pg as strings. */
export type BigIntColumn = ColumnType<string, number | bigint | string, number | bigint | string>
/** Staff-written words by locale and field: `{ uk: { name: '…' } }`. */
export type Translations = Partial<Record<Locale, Record<string, string>>>
