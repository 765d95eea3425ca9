// Progressive enhancement for patron pages: forms marked data-enhance are posted with fetch and the
// page's <main> is swapped for the answer's, so a vote needs no full reload. Without this script
// every form still works (POST, then 303 to the page).
;(() => {
  const main = () => document.getElementById('main')
  const busy = new WeakSet()

  async function submit(form, submitter) {
    if (busy.has(form)) return
    busy.add(form)
    const button = submitter || form.querySelector('button[type=submit]')
    const focusId = form.closest('[id]')?.id
    const voting = form.dataset.enhance === 'vote'
    if (button) button.setAttribute('aria-busy', 'true')
    // Show the vote at once; the server's answer confirms it (or the page shows why not).
    if (voting && button)
      button.setAttribute('aria-pressed', button.getAttribute('aria-pressed') === 'true' ? 'false' : 'true')
    try {
      const res = await fetch(form.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
        headers: { accept: 'text/html' },
      })
      const url = new URL(res.url)
      if (url.origin !== location.origin) return location.assign(res.url)
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html')
      const next = doc.getElementById('main')
      if (!next) return location.assign(res.url)
      const y = window.scrollY
      main().replaceWith(next)
      document.title = doc.title
      if (res.redirected) history.replaceState(null, '', url.pathname + url.search)
      window.scrollTo(0, y)
      const notice = document.getElementById('notice')
      const live = document.getElementById('live')
      if (live && notice) live.textContent = notice.textContent
      const invalid = next.querySelector('[aria-invalid=true]')
      const again = focusId && document.getElementById(focusId)
      const target = invalid || again?.querySelector('button[type=submit]')
      if (target) target.focus({ preventScroll: !invalid })
    } catch {
      // Offline or refused: fall back to the ordinary form post.
      form.submit()
    } finally {
      busy.delete(form)
    }
  }

  document.addEventListener('submit', (event) => {
    const form = event.target
    if (!(form instanceof HTMLFormElement) || !form.dataset.enhance) return
    if (!window.fetch || !window.DOMParser) return
    event.preventDefault()
    submit(form, event.submitter)
  })
})()
