const BASE = 'http://local.invalid'

/**
 * A path of this site as a browser reads it: one leading slash (never `//` or `/\`, which a browser
 * reads as another origin), no backslashes and no control characters.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const sitePath = (value: string) => /^\/(?![/\\])/.test(value) && !/[\u0000-\u001f\u007f\\]/.test(value)

/**
 * Where to go after signing in: only ever a path of this site. `//evil`, `/\evil`, absolute URLs,
 * control characters and anything a browser could read as another origin fall back to `fallback`.
 * The value returned is the parser's normalised path, so that is what is judged: `/.//evil` or
 * `/%2e%2e//evil` normalise to `//evil`.
 */
export function safeNextPath(value: unknown, fallback = '/account'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return fallback
  if (!sitePath(value)) return fallback
  try {
    const url = new URL(value, BASE)
    const path = url.pathname + url.search + url.hash
    return url.origin === BASE && sitePath(path) ? path : fallback
  } catch {
    return fallback
  }
}
