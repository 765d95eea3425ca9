import { sql } from 'kysely'
import type { PurgeRule } from '../db/housekeeping.js'

/** A form's one-time key guards against a double submit: a day later nobody resends that form. */
export const webPurgeRules: readonly PurgeRule[] = [
  { name: 'formSubmissions', table: 'form_submissions', old: sql`created_at < now() - interval '1 day'` },
]
