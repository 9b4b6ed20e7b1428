import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'

export interface LayoutProps {
  siteTitle: string
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
export function Layout({ siteTitle, title, description, image, math, diagrams, children }: LayoutProps) {
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
        <link rel="stylesheet" href="/_hyphae/style.css" />
        {math ? <link rel="stylesheet" href="/_hyphae/katex/katex.min.css" /> : null}
        {diagrams ? <script type="module" src="/_hyphae/diagrams.js"></script> : null}
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
