import { raw } from 'hono/html'
import { hrefFromSlug } from '../core/slug.ts'
import { Layout } from './Layout.tsx'
import type { SiteView } from './Layout.tsx'
import { uiStrings } from './strings.ts'

interface SearchResult {
  slug: string
  title: string
  /** Escaped text with the matches in <mark> (src/core/search.ts snippetHtml). */
  snippetHtml: string
}

export interface SearchPageProps {
  site: SiteView
  query: string
  results: SearchResult[]
}

/** `/search?q=`: works as a plain form, with or without JavaScript. */
export function SearchPage({ site, query, results }: SearchPageProps) {
  const words = uiStrings(site.lang)
  return (
    <Layout site={site} title={query ? `${words.search}: ${query}` : words.search} query={query}>
      <article class="note">
        <h1 class="note-title">{words.search}</h1>
        {/* biome-ignore lint/a11y/useSemanticElements: a form with role=search is the landmark every browser knows */}
        <form class="search-page-form" action="/search" method="get" role="search" aria-label={words.search}>
          <label for="search-page-input" class="sr-only">
            {words.searchNotes}
          </label>
          <input id="search-page-input" type="search" name="q" value={query} maxlength={200} />
          <button type="submit">{words.search}</button>
        </form>
        {query ? (
          <p class="note-meta" role="status">
            {results.length === 0 ? words.noMatch : words.noteCount(results.length)}
          </p>
        ) : null}
        <ol class="search-results">
          {results.map((result) => (
            <li>
              <a class="internal" href={hrefFromSlug(result.slug)}>
                {result.title}
              </a>
              <p class="snippet">{raw(result.snippetHtml)}</p>
            </li>
          ))}
        </ol>
      </article>
    </Layout>
  )
}
