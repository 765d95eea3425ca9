import { createHash, randomBytes } from 'node:crypto'

/** An opaque one-time secret: 32 random bytes, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** Only this digest is stored: a leaked table reveals no usable token. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}
