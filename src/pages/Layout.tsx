import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'

/** What every page shows of the site (from the `site` record). */
export interface SiteView {
  title: string
  /** Where this build's site assets are served: `/_hyphae/<version>`. */
  assets: string
}

export interface LayoutProps {
  site: SiteView
  title: string
  description?: string | undefined
  /** Social preview image (Y15). */
  image?: string | undefined
  /** The page shows KaTeX math: load its stylesheet. */
  math?: boolean
  /** The page has Mermaid diagrams: load the script that draws them. */
  diagrams?: boolean
  children: Child
}

/** The page shell shared by every HTML response. */
export function Layout({ site, title, description, image, math, diagrams, children }: LayoutProps) {
  const siteTitle = site.title
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === siteTitle ? title : `${title} · ${siteTitle}`}</title>
        {description ? <meta name="description" content={description} /> : null}
        <meta property="og:title" content={title} />
        <meta property="og:site_name" content={siteTitle} />
        {description ? <meta property="og:description" content={description} /> : null}
        {image ? <meta property="og:image" content={image} /> : null}
        <link rel="stylesheet" href={`${site.assets}/style.css`} />
        {math ? <link rel="stylesheet" href={`${site.assets}/katex/katex.min.css`} /> : null}
        {diagrams ? <script type="module" src={`${site.assets}/diagrams.js`}></script> : null}
      </head>
      <body>
        <header class="site-header">
          <a class="site-title" href="/">
            {siteTitle}
          </a>
        </header>
        <main>{children}</main>
      </body>
      </html>
    </>
  )
}
