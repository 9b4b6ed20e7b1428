import { Layout } from './Layout.tsx'

export interface MessagePageProps {
  siteTitle: string
  title: string
  message: string
}

/** 404s, 400s and 500s: a short plain page, never a stack trace. */
export function MessagePage({ siteTitle, title, message }: MessagePageProps) {
  return (
    <Layout siteTitle={siteTitle} title={title}>
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
