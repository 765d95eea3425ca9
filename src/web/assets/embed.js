// Patronage embed for the newsroom's own site. Loads nothing but this service's public routes.
//   <a data-patronage="join" data-price="PRICE_ID"></a>   -> a "Become a patron" button
//   <div data-patronage="round"></div>                     -> the open round's topics
//   <a data-patronage="support"></a>                       -> "Other ways to support" (give once, gift)
;(() => {
  const script = document.currentScript
  const base = new URL(script ? script.src : '/', location.href).origin
  const uk = (document.documentElement.lang || navigator.language || '').toLowerCase().startsWith('uk')
  const text = uk
    ? {
        join: 'Стати меценатом',
        voting: 'Меценати голосують за теми:',
        vote: 'Голосувати',
        support: 'Інші способи підтримати',
      }
    : {
        join: 'Become a patron',
        voting: 'Patrons are voting on:',
        vote: 'Vote',
        support: 'Other ways to support',
      }

  // A topic's title in the page's language where staff translated it (the route sends `translations`).
  const own = (topic) => (uk && topic.translations?.uk?.title) || topic.title

  function button(el, href, label) {
    const a = el.tagName === 'A' ? el : el.appendChild(document.createElement('a'))
    a.href = href
    if (!a.textContent.trim()) a.textContent = label
    const s = a.style
    s.display = 'inline-flex'
    s.alignItems = 'center'
    s.minHeight = '44px'
    s.padding = '0.55em 1.1em'
    s.borderRadius = '10px'
    s.background = el.dataset.color || '#0b5c8e'
    s.color = '#fff'
    s.fontWeight = '600'
    s.textDecoration = 'none'
    return a
  }

  for (const el of document.querySelectorAll('[data-patronage="join"]')) {
    const price = el.dataset.price
    button(el, price ? `${base}/join?price=${encodeURIComponent(price)}` : `${base}/`, text.join)
  }

  for (const el of document.querySelectorAll('[data-patronage="support"]')) {
    button(el, `${base}/support`, text.support)
  }

  const rounds = document.querySelectorAll('[data-patronage="round"]')
  if (rounds.length === 0) return
  fetch(`${base}/v1/rounds/open/public`, { credentials: 'omit' })
    .then((r) => (r.ok ? r.json() : { round: null }))
    .then(({ round }) => {
      if (!round || round.topics.length === 0) return
      for (const el of rounds) {
        el.textContent = ''
        const heading = el.appendChild(document.createElement('p'))
        heading.textContent = text.voting
        heading.style.fontWeight = '600'
        const list = el.appendChild(document.createElement('ul'))
        for (const topic of round.topics)
          list.appendChild(document.createElement('li')).textContent = own(topic)
        button(el.appendChild(document.createElement('p')), `${base}/rounds/${round.id}`, text.vote)
      }
    })
    .catch(() => {})
})()
