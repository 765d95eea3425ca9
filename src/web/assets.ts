import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { Request, Response, Router } from 'express'

/** The files of src/web/assets (copied beside the compiled code by `npm run build`). */
const assetsDir = fileURLToPath(new URL('./assets/', import.meta.url))

const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
}

export interface Asset {
  /** e.g. /assets/site.3f2a9c1b.css */
  url: string
  type: string
  body: Buffer
  gzip: Buffer
}

/** An asset named by its content's hash, so it can be cached for a year: a changed file is a new URL. */
function toAsset(name: string, body: Buffer): Asset | undefined {
  const ext = extname(name)
  const type = types[ext]
  if (!type) return undefined
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12)
  const url = `/assets/${name.slice(0, -ext.length)}.${hash}${ext}`
  return { url, type, body, gzip: gzipSync(body, { level: 9 }) }
}

/** Files of our npm dependencies served as assets (no CDN): asset name -> module path. */
const vendored: Record<string, string> = {
  'uplot.js': 'uplot/dist/uPlot.iife.min.js',
  'uplot.css': 'uplot/dist/uPlot.min.css',
}

/** Every asset is read, hashed and gzipped once, at start-up. */
function loadAssets(): Map<string, Asset> {
  const require = createRequire(import.meta.url)
  const files: [string, string][] = [
    ...readdirSync(assetsDir).map((name): [string, string] => [name, assetsDir + name]),
    ...Object.entries(vendored).map(([name, module]): [string, string] => [name, require.resolve(module)]),
  ]
  const byName = new Map<string, Asset>()
  for (const [name, path] of files) {
    const asset = toAsset(name, readFileSync(path))
    if (asset) byName.set(name, asset)
  }
  return byName
}

const assets = loadAssets()
const byUrl = new Map([...assets.values()].map((a) => [a.url, a]))

/** The fingerprinted URL of an asset by its file name, e.g. assetUrl('site.css'). */
export function assetUrl(name: string): string {
  const asset = assets.get(name)
  if (!asset) throw new Error(`No asset named ${name} in src/web/assets`)
  return asset.url
}

export function asset(name: string): Asset | undefined {
  return assets.get(name)
}

/** Sends an asset, gzipped when the browser takes it. */
export function sendAsset(req: Request, res: Response, a: Asset, cacheControl: string): void {
  const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip'
  res.set({ 'Content-Type': a.type, 'Cache-Control': cacheControl, Vary: 'Accept-Encoding' })
  if (gzip) res.set('Content-Encoding', 'gzip')
  res.send(gzip ? a.gzip : a.body)
}

export function mountAssets(router: Router): void {
  // The newsroom's site loads this from its own origin: a stable URL, cached briefly, and allowed
  // cross-origin (helmet's default Cross-Origin-Resource-Policy is same-origin).
  router.get('/embed.js', (req, res) => {
    res.set('Cross-Origin-Resource-Policy', 'cross-origin')
    sendAsset(req, res, assets.get('embed.js')!, 'public, max-age=3600')
  })
  // Browsers ask for /favicon.ico on pages that name no icon (a CSV download, a JSON error).
  router.get('/favicon.ico', (req, res) => {
    sendAsset(req, res, assets.get('favicon.svg')!, 'public, max-age=86400')
  })
  router.get('/assets/:file', (req, res, next) => {
    const a = byUrl.get(req.path)
    if (!a) return next()
    sendAsset(req, res, a, 'public, max-age=31536000, immutable')
  })
}
