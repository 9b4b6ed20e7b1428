import { Layout } from './Layout.tsx'
import type { SiteView } from './Layout.tsx'

export interface MessagePageProps {
  site: SiteView
  title: string
  message: string
}

/** 404s, 400s and 500s: a short plain page, never a stack trace. */
export function MessagePage({ site, title, message }: MessagePageProps) {
  return (
    <Layout site={site} title={title}>
      <article class="note message">
        <h1 class="note-title">{title}</h1>
        <p>{message}</p>
        <p>
          <a href="/">Go to the home page</a>
        </p>
      </article>
    </Layout>
  )
}
