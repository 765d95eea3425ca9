import type { Request, Response, Router } from 'express'
import { normaliseHex, type Palette, palettes } from './contrast.js'

/** The stylesheet of an accent colour: its URL names the colour, so it is cached for a year. */
export const themeUrl = (accent: string) => `/theme/${accent.slice(1)}.css`

const vars = (p: Palette) =>
  `--accent: ${p.accent}; --accent-text: ${p.accentText}; --accent-soft: ${p.accentSoft};`

/** The accent as site.css's custom properties, light and dark (pages run no inline style: CSP). */
export function themeCss(accent: string): string {
  const { light, dark } = palettes(accent)
  return `:root { ${vars(light)} }\n@media (prefers-color-scheme: dark) { :root { ${vars(dark)} } }\n`
}

/** GET /theme/<rrggbb>.css: a pure function of the colour in its path, the same on every instance. */
export function mountTheme(router: Router): void {
  router.get('/theme/:file', (req: Request, res: Response, next) => {
    const match = /^([0-9a-f]{6})\.css$/.exec(String(req.params.file))
    const accent = match && normaliseHex(`#${match[1]}`)
    if (!accent) return next()
    res
      .status(200)
      .set('Cache-Control', 'public, max-age=31536000, immutable')
      .type('text/css; charset=utf-8')
      .send(themeCss(accent))
  })
}
