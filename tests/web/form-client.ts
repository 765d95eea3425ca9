/**
 * A browser without a browser: fetch with a cookie jar, no redirects followed, and the CSRF token of
 * the last page read, so a test can post forms as a page would (and as an attacker might).
 */
export class FormClient {
  readonly cookies = new Map<string, string>()
  csrf = ''

  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async request(method: string, path: string, form?: Record<string, string>) {
    const body = form ? new URLSearchParams(form).toString() : undefined
    const res = await fetch(this.baseUrl + path, {
      method,
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        ...(this.cookies.size ? { cookie: this.cookieHeader } : {}),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...this.headers,
      },
      body,
    })
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq).trim()
      const value = pair!.slice(eq + 1).trim()
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    const text = await res.text()
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1]
    if (token) this.csrf = token
    return { status: res.status, location: res.headers.get('location'), headers: res.headers, text }
  }

  get(path: string) {
    return this.request('GET', path)
  }

  /** Posts a form with this browser's CSRF token (read from the last page it got). */
  post(path: string, form: Record<string, string> = {}) {
    return this.request('POST', path, { _csrf: this.csrf, ...form })
  }
}
