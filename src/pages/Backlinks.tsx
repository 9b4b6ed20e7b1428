import { raw } from 'hono/html'
import { escapeHtml } from '../core/html.ts'
import type { Backlink } from '../core/records.ts'
import { hrefFromSlug } from '../core/slug.ts'
import { uiStrings } from './strings.ts'

/**
 * The notes that link here, each with the line that links. A string, not JSX: a note may have
 * hundreds, and JSX's cost per element is most of a page's.
 */
export function Backlinks({ links, lang }: { links: Backlink[]; lang?: string | undefined }) {
  if (!links.length) return null
  let items = ''
  for (const link of links) {
    const context = link.context ? `<span class="backlink-context">${escapeHtml(link.context)}</span>` : ''
    items += `<li><a class="internal" href="${escapeHtml(hrefFromSlug(link.slug))}">${escapeHtml(link.title)}</a>${context}</li>`
  }
  return raw(
    `<section class="backlinks" aria-labelledby="backlinks-title"><h2 id="backlinks-title">${escapeHtml(uiStrings(lang).linkedFrom)}</h2><ul>${items}</ul></section>`,
  )
}
