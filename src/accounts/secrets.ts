import { createHash, randomBytes } from 'node:crypto'
import { z } from 'zod'

/** An opaque one-time secret: 32 random bytes, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** Only this digest is stored: a leaked table reveals no usable token. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

/** A one-time token as it comes back from a mailed link or a form (a sign-in, join or gift link). */
export const tokenShape = z
  .string()
  .min(16)
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/)
