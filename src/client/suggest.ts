// Results while typing: the header's search box becomes an ARIA combobox (WAI-ARIA APG, "combobox
// with listbox popup") whose options are the best notes for what is typed so far, fetched from
// /_hyphae/suggest. ↑/↓ move through them, Enter opens one (or, with none chosen, submits the form
// to /search as without JavaScript), Esc closes the list, then clears the box.

interface Suggestion {
  href: string
  title: string
  /** Escaped by the worker, the matches in <mark>. */
  snippet: string
}

/** /_hyphae/suggest's answer (src/index.tsx): `status` and `allResults` in the site's language. */
interface Answer {
  results: Suggestion[]
  status: string
  allResults: string
}

/** Wait this long after the last keystroke before asking. */
const DEBOUNCE_MS = 120

export function setUpSuggestions(): void {
  const input = document.querySelector<HTMLInputElement>('#search-input')
  const form = input?.form
  if (!input || !form) return
  const list = document.createElement('ul')
  list.id = 'search-suggestions'
  list.className = 'suggestions'
  list.setAttribute('role', 'listbox')
  list.setAttribute('aria-label', input.labels?.[0]?.textContent ?? 'Search')
  list.hidden = true
  const status = document.createElement('div')
  status.className = 'sr-only'
  status.setAttribute('role', 'status')
  form.append(list, status)
  input.setAttribute('role', 'combobox')
  input.setAttribute('aria-autocomplete', 'list')
  input.setAttribute('aria-controls', list.id)
  input.setAttribute('aria-expanded', 'false')
  input.autocomplete = 'off'

  let timer: number | undefined
  let asked = 0
  let active = -1
  const options = () => [...list.querySelectorAll<HTMLLIElement>('[role="option"]')]

  const close = () => {
    list.hidden = true
    input.setAttribute('aria-expanded', 'false')
    input.removeAttribute('aria-activedescendant')
    active = -1
  }

  const choose = (index: number) => {
    const all = options()
    if (!all.length) return
    active = (index + all.length) % all.length
    for (const [i, option] of all.entries()) option.setAttribute('aria-selected', String(i === active))
    input.setAttribute('aria-activedescendant', all[active]!.id)
    all[active]!.scrollIntoView({ block: 'nearest' })
  }

  const show = (query: string, { results, status: heard, allResults }: Answer) => {
    list.replaceChildren()
    const rows: { href: string; title: string; snippet?: string }[] = [...results]
    if (results.length) rows.push({ href: `/search?q=${encodeURIComponent(query)}`, title: allResults })
    for (const [i, row] of rows.entries()) {
      const option = document.createElement('li')
      option.id = `search-suggestion-${i}`
      option.setAttribute('role', 'option')
      option.setAttribute('aria-selected', 'false')
      const link = document.createElement('a')
      link.href = row.href
      link.tabIndex = -1
      const title = document.createElement('span')
      title.className = 'suggestion-title'
      title.textContent = row.title
      link.append(title)
      if (row.snippet !== undefined) {
        const snippet = document.createElement('span')
        snippet.className = 'suggestion-snippet'
        // The worker escaped the note's text; the only markup is its <mark>s.
        snippet.innerHTML = row.snippet
        link.append(snippet)
      } else option.classList.add('suggestion-all')
      option.append(link)
      list.append(option)
    }
    active = -1
    input.removeAttribute('aria-activedescendant')
    if (!rows.length) {
      const none = document.createElement('li')
      none.className = 'suggestion-none'
      none.textContent = heard
      list.append(none)
    }
    list.hidden = false
    input.setAttribute('aria-expanded', 'true')
    status.textContent = heard
  }

  const ask = async () => {
    const query = input.value.trim()
    const mine = ++asked
    if (!query) {
      close()
      return
    }
    try {
      const response = await fetch(`/_hyphae/suggest?q=${encodeURIComponent(query)}`)
      if (!response.ok) return
      const answer = (await response.json()) as Answer
      // Only the answer to the latest keystroke is shown.
      if (mine === asked && document.activeElement === input) show(query, answer)
    } catch {
      // Offline or cut short: the form still submits to /search.
    }
  }

  input.addEventListener('input', () => {
    window.clearTimeout(timer)
    timer = window.setTimeout(() => void ask(), DEBOUNCE_MS)
  })
  input.addEventListener('keydown', (event) => {
    const open = !list.hidden && options().length > 0
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!open) return
      event.preventDefault()
      choose(active === -1 && event.key === 'ArrowUp' ? -1 : active + (event.key === 'ArrowDown' ? 1 : -1))
    } else if (event.key === 'Enter' && open && active !== -1) {
      event.preventDefault()
      options()[active]!.querySelector('a')!.click()
    } else if (event.key === 'Escape') {
      if (!list.hidden) {
        event.preventDefault()
        close()
      } else input.value = ''
    }
  })
  // A press on an option must not blur the box before the click lands.
  list.addEventListener('mousedown', (event) => event.preventDefault())
  input.addEventListener('blur', close)
  input.addEventListener('focus', () => {
    if (input.value.trim() && list.childElementCount) {
      list.hidden = false
      input.setAttribute('aria-expanded', 'true')
    }
  })
}
