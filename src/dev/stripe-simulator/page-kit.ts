import type { IncomingMessage, ServerResponse } from 'node:http'

const STYLE = `
:root { color-scheme: light dark; --fg: #1a1a2e; --bg: #f6f7fb; --card: #fff; --line: #c9cbd6; --accent: #4b3fc4; --muted: #555a6e; --bad: #a4161a; }
@media (prefers-color-scheme: dark) { :root { --fg: #ecedf3; --bg: #14151c; --card: #1f2130; --line: #4a4d60; --accent: #a99fff; --muted: #b4b7c7; --bad: #ff9b9b; } }
* { box-sizing: border-box; }
body { margin: 0; font: 1rem/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
.sim-bar { background: repeating-linear-gradient(135deg, #ffd84d 0 14px, #ffe88a 14px 28px); color: #1a1a1a; padding: .5rem 1rem; font-weight: 600; text-align: center; }
main { max-width: 34rem; margin: 1.5rem auto; padding: 0 1rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: 1.25rem; margin-bottom: 1rem; }
h1 { font-size: 1.4rem; margin: 0 0 .75rem; } h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
.muted { color: var(--muted); } .amount { font-size: 1.6rem; font-weight: 700; margin: .25rem 0 1rem; }
fieldset { border: 1px solid var(--line); border-radius: .5rem; margin: 0 0 1rem; padding: .5rem 1rem; }
label { display: block; padding: .35rem 0; } code { font-size: .95em; }
button, .button { display: inline-block; font: inherit; font-weight: 600; padding: .6rem 1.1rem; border-radius: .4rem; border: 1px solid var(--accent); background: var(--accent); color: var(--card); cursor: pointer; text-decoration: none; margin: .25rem .5rem .25rem 0; }
button.secondary { background: transparent; color: var(--accent); }
a { color: var(--accent); } :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.error { color: var(--bad); font-weight: 600; } .notice { border-left: 4px solid var(--accent); padding-left: .75rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; } th, td { text-align: left; padding: .3rem .4rem; border-bottom: 1px solid var(--line); white-space: nowrap; }
td:first-child { white-space: normal; overflow-wrap: anywhere; }
form.inline { display: inline; }
select { font: inherit; padding: .3rem; max-width: 100%; }
`

export const esc = (value: unknown): string =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

/** A page of the simulator, marked on every screen as simulated. */
export function sendPage(res: ServerResponse, title: string, body: string, status = 200): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Simulated Stripe</title><style>${STYLE}</style></head>
<body><div class="sim-bar" role="note">Simulated Stripe: no real payment is made</div>
<main>${body}</main></body></html>`)
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location })
  res.end()
}

/** The urlencoded body of a form post, as a flat record (at most 10 kB). */
export async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > 10_000) return {}
    chunks.push(chunk as Buffer)
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))
}

/** A form post from the simulator's own pages: another site's page cannot press its buttons. */
export function fromOwnPage(req: IncomingMessage): boolean {
  const origin = req.headers.origin
  if (!origin || origin === 'null') return origin === undefined
  try {
    return new URL(origin).host === req.headers.host
  } catch {
    return false
  }
}

export const money = (amount: number, currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100)

export const day = (seconds: number) =>
  new Date(seconds * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })

export function priceText(price: Record<string, any>) {
  return `${money(price.unit_amount, price.currency)} / ${price.recurring.interval}`
}
