import { Layout } from './Layout.tsx'
import type { SiteView } from './Layout.tsx'
import type { MessageKind } from './strings.ts'
import { uiStrings } from './strings.ts'

export interface MessagePageProps {
  site: SiteView
  status: 400 | 404
  kind: MessageKind
}

/** 404s and 400s, in the vault's language: a short plain page, never a stack trace. */
export function MessagePage({ site, status, kind }: MessagePageProps) {
  const words = uiStrings(site.lang).messages
  const title = status === 400 ? words.badRequest : words.notFound
  const message = words[kind]
  return (
    <Layout site={site} title={title}>
      <article class="note message">
        <h1 class="note-title">{title}</h1>
        <p>{message}</p>
        <p>
          <a href="/">{words.goHome}</a>
        </p>
      </article>
    </Layout>
  )
}
