import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import type { SiteLook } from '../core/records.ts'
import type { EncodedExplorer } from './explorer.ts'
import { explorerSlot } from './explorer.ts'
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
  // The response puts the explorer in its slot (src/pages/explorer.ts: pageBytes).
  const explorer = site.explorer ? explorerSlot(current) : ''
  return (
    <>
      {raw('<!doctype html>')}
      {/* Publish's default theme, until the reader picks one with the toggle (theme.ts). */}
      <html lang={site.lang ?? 'en'} dir={isRtl(site.lang) ? 'rtl' : undefined} data-theme={look?.theme}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{title === siteTitle ? title : `${title} · ${siteTitle}`}</title>
          {description ? <meta name="description" content={description} /> : null}
          <meta property="og:title" content={title} />
          <meta property="og:site_name" content={siteTitle} />
          {description ? <meta property="og:description" content={description} /> : null}
          {image ? <meta property="og:image" content={image} /> : null}
          {canonical ? <link rel="canonical" href={canonical} /> : null}
          <link rel="alternate" type="application/atom+xml" title={siteTitle} href="/feed.xml" />
          <link rel="icon" href={`${site.assets}/favicon.svg`} type="image/svg+xml" />
          <link rel="stylesheet" href={`${site.assets}/style.css`} />
          {math ? <link rel="stylesheet" href={`${site.assets}/katex/katex.min.css`} /> : null}
          {look?.css ? <link rel="stylesheet" href={look.css} /> : null}
          <script src={`${site.assets}/theme.js`}></script>
          <script type="module" src={`${site.assets}/main.js`}></script>
          {diagrams ? <script type="module" src={`${site.assets}/diagrams.js`}></script> : null}
          {look?.js ? <script src={look.js} defer></script> : null}
        </head>
        <body class={explorer ? 'has-explorer' : undefined}>
          <a class="skip-link" href="#main">
            {words.skip}
          </a>
          <header class="site-header">
            {explorer ? (
              // Without JavaScript this opens the explorer as its target; src/client/explorer.ts makes it a toggle.
              <a class="menu-button" href="#explorer" aria-controls="explorer">
                <span aria-hidden="true">☰</span>
                <span class="sr-only">{words.menu}</span>
              </a>
            ) : null}
            <a class="site-title" href="/">
              {look?.logo ? <img class="site-logo" src={look.logo} alt="" /> : null}
              {siteTitle}
            </a>
            {shows(site, 'search') ? (
              // biome-ignore lint/a11y/useSemanticElements: a form with role=search is the landmark every browser knows
              <form class="search" action="/search" method="get" role="search" aria-label={words.searchNotes}>
                <label for="search-input" class="sr-only">
                  {words.search}
                </label>
                <input
                  id="search-input"
                  type="search"
                  name="q"
                  placeholder={`${words.search}  /`}
                  value={query ?? ''}
                  maxlength={200}
                />
              </form>
            ) : null}
            {shows(site, 'themeToggle') ? (
              <button id="theme-toggle" class="theme-toggle" type="button" aria-label={words.switchTheme} hidden>
                <span aria-hidden="true">◐</span>
              </button>
            ) : null}
          </header>
          {explorer ? raw(explorer) : null}
          <main id="main">{children}</main>
        </body>
      </html>
    </>
  )
}
