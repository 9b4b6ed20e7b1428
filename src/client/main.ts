// The site's client code: a theme toggle, link previews, a search shortcut, results while typing, the explorer's menu and canvas zoom. Every page
// works without it; it only adds to what the server rendered.
import { setUpCanvases } from './canvas'
import { setUpExplorer } from './explorer'
import { setUpSuggestions } from './suggest'

const THEME_KEY = 'hyphae-theme'

function currentTheme(): 'light' | 'dark' {
  const chosen = document.documentElement.dataset.theme
  if (chosen === 'light' || chosen === 'dark') return chosen
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

function setUpThemeToggle(): void {
  const button = document.querySelector<HTMLButtonElement>('#theme-toggle')
  if (!button) return
  const label = () => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark'
    button.setAttribute('aria-label', `Switch to ${next} theme`)
    button.dataset.next = next
  }
  button.hidden = false
  label()
  button.addEventListener('click', () => {
    const next = currentTheme() === 'dark' ? 'light' : 'dark'
    document.documentElement.dataset.theme = next
    try {
      localStorage.setItem(THEME_KEY, next)
    } catch {
      // Not remembered, but applied.
    }
    label()
  })
}

/** Fragments already fetched, by path: a link hovered twice is fetched once. */
const fragments = new Map<string, Promise<string>>()

function fetchFragment(path: string): Promise<string> {
  let fragment = fragments.get(path)
  if (!fragment) {
    fragment = fetch(`/_hyphae/fragment${path}`).then((response) => (response.ok ? response.text() : ''))
    fragments.set(path, fragment)
  }
  return fragment
}

function setUpPreviews(): void {
  const popover = document.createElement('div')
  popover.className = 'popover'
  popover.setAttribute('role', 'tooltip')
  popover.id = 'link-preview'
  popover.hidden = true
  document.body.append(popover)
  let current: HTMLAnchorElement | undefined
  let timer: number | undefined

  const hide = () => {
    window.clearTimeout(timer)
    popover.hidden = true
    current?.removeAttribute('aria-describedby')
    current = undefined
  }

  const show = async (link: HTMLAnchorElement) => {
    const url = new URL(link.href)
    if (url.origin !== location.origin || (url.pathname === location.pathname && url.hash)) return
    current = link
    const html = await fetchFragment(url.pathname)
    if (current !== link || !html) return
    popover.innerHTML = html
    popover.hidden = false
    link.setAttribute('aria-describedby', popover.id)
    const box = link.getBoundingClientRect()
    const width = Math.min(420, document.documentElement.clientWidth - 16)
    popover.style.width = `${width}px`
    popover.style.left = `${Math.max(8, Math.min(box.left + scrollX, scrollX + document.documentElement.clientWidth - width - 8))}px`
    popover.style.top = `${box.bottom + scrollY + 6}px`
    // Scroll the preview to the heading or block the link points at.
    const target = url.hash
      ? popover.querySelector(`[id="${CSS.escape(decodeURIComponent(url.hash.slice(1)))}"]`)
      : null
    popover.scrollTop = target instanceof HTMLElement ? target.offsetTop - 8 : 0
  }

  const linkOf = (event: Event) =>
    event.target instanceof Element ? event.target.closest<HTMLAnchorElement>('a.internal:not(.locked)[href]') : null
  document.addEventListener('mouseover', (event) => {
    const link = linkOf(event)
    if (!link || link === current || popover.contains(link)) return
    window.clearTimeout(timer)
    timer = window.setTimeout(() => void show(link), 250)
  })
  // Leaving the link starts a short grace period, so the pointer can cross the gap into the popover.
  const hideSoon = () => {
    window.clearTimeout(timer)
    timer = window.setTimeout(hide, 300)
  }
  document.addEventListener('mouseout', (event) => {
    const link = linkOf(event)
    if (link && !popover.contains(event.relatedTarget as Node | null)) hideSoon()
  })
  popover.addEventListener('mouseenter', () => window.clearTimeout(timer))
  popover.addEventListener('mouseleave', hideSoon)
  document.addEventListener('focusin', (event) => {
    const link = linkOf(event)
    if (link && !popover.contains(link)) void show(link)
    else if (!popover.contains(event.target as Node)) hide()
  })
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hide()
  })
}

function setUpSearchShortcut(): void {
  const input = document.querySelector<HTMLInputElement>('#search-input')
  if (!input) return
  document.addEventListener('keydown', (event) => {
    const typing =
      event.target instanceof HTMLElement &&
      (event.target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName))
    if ((event.key === '/' && !typing) || (event.key === 'k' && (event.metaKey || event.ctrlKey))) {
      event.preventDefault()
      input.focus()
      input.select()
    }
  })
}

setUpThemeToggle()
setUpPreviews()
setUpSearchShortcut()
setUpSuggestions()
setUpExplorer()
setUpCanvases()
