/**
 * WCAG 2.2 contrast of the newsroom's accent colour, and the palette the pages and mails draw with
 * it. Pure: no I/O. The backgrounds are those of site.css (light `--bg`, dark `--surface`).
 */

/** AA for body text: links in the accent colour, and the words on an accent button. */
export const AA_CONTRAST = 4.5

const LIGHT_BG = '#fbfaf7'
const LIGHT_SURFACE = '#ffffff'
const DARK_BG = '#141413'
const DARK_SURFACE = '#1e1e1c'
const DARK_TEXT = '#ecebe7'

export type Rgb = readonly [number, number, number]

/** `#abc` or `#aabbcc` (any case) as `#aabbcc`; undefined for anything else. */
export function normaliseHex(value: string): string | undefined {
  const v = value.trim().toLowerCase()
  if (/^#[0-9a-f]{6}$/.test(v)) return v
  if (/^#[0-9a-f]{3}$/.test(v)) return `#${[...v.slice(1)].map((c) => c + c).join('')}`
  return undefined
}

const rgb = (hex: string): Rgb => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as never

const hexOf = (c: Rgb): string =>
  `#${c
    .map((v) =>
      Math.round(Math.min(255, Math.max(0, v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`

function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((v) => {
    const s = v / 255
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }) as unknown as Rgb
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

/** The WCAG contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/** `share` of `a` mixed with the rest of `b`, as CSS color-mix in sRGB does. */
export function mix(a: string, b: string, share: number): string {
  const [ca, cb] = [rgb(a), rgb(b)]
  return hexOf(ca.map((v, i) => v * share + cb[i]! * (1 - share)) as unknown as Rgb)
}

/** How well the accent reads on the light pages (links on the page, white words on a button). */
export const lightContrast = (accent: string) =>
  Math.min(contrastRatio(accent, LIGHT_BG), contrastRatio(accent, LIGHT_SURFACE))

/** The accent is usable when links in it and white words on it keep AA contrast on the light pages. */
export const accentReadable = (accent: string) => lightContrast(accent) >= AA_CONTRAST

export interface Palette {
  accent: string
  /** The words on an accent button. */
  accentText: string
  /** A tint for notices framed in the accent. */
  accentSoft: string
}

/** The first of `shares` (tried in order) whose mix passes `ok`; the last one otherwise. */
function firstMix(a: string, b: string, shares: number[], ok: (c: string) => boolean): string {
  for (const share of shares) {
    const c = mix(a, b, share)
    if (ok(c)) return c
  }
  return mix(a, b, shares[shares.length - 1]!)
}

const steps = (from: number, to: number, n: number) =>
  Array.from({ length: n + 1 }, (_, i) => from + ((to - from) * i) / n)

/**
 * The light theme uses the accent as it is (it is readable: `accentReadable`); the dark theme
 * lightens it just enough to read on the dark surface, with dark words on its buttons.
 */
export function palettes(accent: string): { light: Palette; dark: Palette } {
  const lightSoft = firstMix(
    accent,
    LIGHT_SURFACE,
    steps(0.12, 0.02, 10),
    (c) => contrastRatio(accent, c) >= AA_CONTRAST,
  )
  const darkAccent = firstMix(
    accent,
    '#ffffff',
    steps(1, 0, 50),
    (c) => contrastRatio(c, DARK_SURFACE) >= AA_CONTRAST && contrastRatio(c, DARK_BG) >= AA_CONTRAST,
  )
  const darkText =
    contrastRatio(darkAccent, '#111111') >= contrastRatio(darkAccent, '#ffffff') ? '#111111' : '#ffffff'
  const darkSoft = firstMix(
    darkAccent,
    DARK_BG,
    steps(0.25, 0.05, 10),
    (c) => contrastRatio(DARK_TEXT, c) >= AA_CONTRAST && contrastRatio(darkAccent, c) >= AA_CONTRAST,
  )
  return {
    light: { accent, accentText: '#ffffff', accentSoft: lightSoft },
    dark: { accent: darkAccent, accentText: darkText, accentSoft: darkSoft },
  }
}
