import { raw } from 'hono/html'
import { escapeHtml } from '../core/html.ts'
import type { TocEntry } from '../core/records.ts'
import { uiStrings } from './strings.ts'

/** The note's sections, when it has at least three; folded on small screens by <details>. A string, not JSX. */
export function TableOfContents({ entries, lang }: { entries: TocEntry[]; lang?: string | undefined }) {
  if (entries.length < 3) return null
  let items = ''
  for (const entry of entries)
    items += `<li class="toc-${entry.depth}"><a href="${escapeHtml(`#${entry.id}`)}">${escapeHtml(entry.text)}</a></li>`
  return raw(
    `<details class="toc" open=""><summary>${escapeHtml(uiStrings(lang).contents)}</summary><ol>${items}</ol></details>`,
  )
}
