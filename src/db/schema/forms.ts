import type { ColumnType } from 'kysely'

/** A creating form's one-time key (`id`), and where its first post led. */
export interface FormSubmissionsTable {
  id: string
  outcome: string | null
  created_at: ColumnType<Date, Date | string | undefined, Date | string>
}
