import { envSchema } from './env-schema.js'

/** Prefixes of our variables: a set variable with one of them that the schema lacks is likely a typo. */
const OUR_PREFIXES =
  /^(STRIPE_|JWT_|SMTP_|MAIL_|DATABASE_|LOGIN_|CHECKOUT_|SITE_|METRICS_|ACCESS_TOKEN|GRACE_PERIOD|ALLOWED_ORIGIN|PATRONAGE_)/

/** Set variables that look like ours but are not read (e.g. `STRIPE_SECRET=`), each with the likely intended name. */
export function unknownVariables(
  source: Record<string, string | undefined> = process.env,
): { name: string; suggestion: string | undefined }[] {
  const known = Object.keys(envSchema.shape)
  return Object.keys(source)
    .filter((name) => OUR_PREFIXES.test(name) && !known.includes(name))
    .sort()
    .map((name) => {
      const [best] = known
        .map((k) => ({ k, d: editDistance(name, k) }))
        .filter(({ k, d }) => d <= 4 || k.startsWith(name) || name.startsWith(k))
        .sort((a, b) => a.d - b.d)
      return { name, suggestion: best?.k }
    })
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length]!
}
