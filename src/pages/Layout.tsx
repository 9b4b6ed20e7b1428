import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import type { SiteLook } from '../core/records.ts'
import type { EncodedExplorer } from './explorer.ts'
import { explorerSlot } from './explorer.ts'
import { escapeHtml } from '../core/html.ts'
import { isRtl, uiStrings } from './strings.ts'

/** What every page shows of the site (from the `site` record). */
export interface SiteView {
  title: string
  /** Where this build's site assets are served: `/_hyphae/<version>`. */
  assets: string
  /** The vault's Publish settings: logo, default theme, parts turned off, publish.css and publish.js. */
  look?: SiteLook | undefined
  /** The vault's language (BCP 47); English when absent. */
  lang?: string | undefined
  /** The explorer the build drew (scripts/stages/explorer.ts), as src/pages/explorer.ts sends it; none when empty. */
  explorer?: EncodedExplorer | undefined
}

/** The page shows `part` unless the vault's Publish settings turn it off. */
export function shows(site: SiteView, part: NonNullable<SiteLook['hide']>[number]): boolean {
  return !site.look?.hide?.includes(part)
}

export interface LayoutProps {
  site: SiteView
  title: string
  description?: string | undefined
  /** Social preview image (Y15). */
  image?: string | undefined
  /** The page's canonical URL (absolute). */
  canonical?: string | undefined
  /** The text in the header's search box (on the search page). */
  query?: string | undefined
  /** The slug of the note or folder the page shows: opened and marked in the explorer. */
  current?: string | undefined
  /** The page shows KaTeX math: load its stylesheet. */
  math?: boolean
  /** The page has Mermaid diagrams: load the script that draws them. */
  diagrams?: boolean
  children: Child
}

/** The page shell shared by every HTML response. */
export function Layout({
  site,
  title,
  description,
  image,
  canonical,
  query,
  current,
  math,
  diagrams,
  children,
}: LayoutProps) {
  const siteTitle = site.title
  const look = site.look
  const words = uiStrings(site.lang)
  const esc = escapeHtml
  const assets = esc(site.assets)
  // A string, not JSX: the same few dozen elements on every page, where JSX's cost per element
  // would be a tenth of a note page's CPU. The JSX below holds the page's own content.
  // data-theme: Publish's default theme, until the reader picks one with the toggle (theme.ts).
  let head = `<!doctype html><html lang="${esc(site.lang ?? 'en')}"${isRtl(site.lang) ? ' dir="rtl"' : ''}${look?.theme ? ` data-theme="${esc(look.theme)}"` : ''}><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><title>${esc(title === siteTitle ? title : `${title} · ${siteTitle}`)}</title>`
  if (description) head += `<meta name="description" content="${esc(description)}"/>`
  head += `<meta property="og:title" content="${esc(title)}"/><meta property="og:site_name" content="${esc(siteTitle)}"/>`
  if (description) head += `<meta property="og:description" content="${esc(description)}"/>`
  if (image) head += `<meta property="og:image" content="${esc(image)}"/>`
  if (canonical) head += `<link rel="canonical" href="${esc(canonical)}"/>`
  head += `<link rel="alternate" type="application/atom+xml" title="${esc(siteTitle)}" href="/feed.xml"/><link rel="icon" href="${assets}/favicon.svg" type="image/svg+xml"/><link rel="stylesheet" href="${assets}/style.css"/>`
  if (math) head += `<link rel="stylesheet" href="${assets}/katex/katex.min.css"/>`
  if (look?.css) head += `<link rel="stylesheet" href="${esc(look.css)}"/>`
  head += `<script src="${assets}/theme.js"></script><script type="module" src="${assets}/main.js"></script>`
  if (diagrams) head += `<script type="module" src="${assets}/diagrams.js"></script>`
  if (look?.js) head += `<script src="${esc(look.js)}" defer=""></script>`
  const explorer = Boolean(site.explorer)
  head += `</head><body${explorer ? ' class="has-explorer"' : ''}><a class="skip-link" href="#main">${esc(words.skip)}</a><header class="site-header">`
  // Without JavaScript the menu button opens the explorer as its target; src/client/explorer.ts makes it a toggle.
  if (explorer)
    head += `<a class="menu-button" href="#explorer" aria-controls="explorer"><span aria-hidden="true">☰</span><span class="sr-only">${esc(words.menu)}</span></a>`
  head += `<a class="site-title" href="/">${look?.logo ? `<img class="site-logo" src="${esc(look.logo)}" alt=""/>` : ''}${esc(siteTitle)}</a>`
  // A form with role=search is the landmark every browser knows.
  if (shows(site, 'search'))
    head += `<form class="search" action="/search" method="get" role="search" aria-label="${esc(words.searchNotes)}"><label for="search-input" class="sr-only">${esc(words.search)}</label><input id="search-input" type="search" name="q" placeholder="${esc(`${words.search}  /`)}" value="${esc(query ?? '')}" maxlength="200"/></form>`
  if (shows(site, 'themeToggle'))
    head += `<button id="theme-toggle" class="theme-toggle" type="button" aria-label="${esc(words.switchTheme)}" hidden=""><span aria-hidden="true">◐</span></button>`
  // The response puts the explorer in its slot (src/pages/explorer.ts: pageBytes).
  head += `</header>${explorer ? explorerSlot(current) : ''}`
  return (
    <>
      {raw(head)}
      <main id="main">{children}</main>
      {raw('</body></html>')}
    </>
  )
}
